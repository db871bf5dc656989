//! Every call-control, consult, transfer and supervisor operation of seed
//! 001 sections 4, 5 and 7, as static methods of `AgentSDK`. Each is one
//! line: the rules live in the operation's schema, the sending in
//! `api::operation`.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::protocol::ops::*;
use crate::web::api::{operation, AgentSdk};

/// Declares operations in three shapes: without parameters, with required
/// parameters, and with parameters that may be left out.
macro_rules! operations {
    // Each entry's doc is an ordinary string literal: `///` comments inside
    // a macro become raw strings, which reach the typings as `r"...` text.
    ($(
        $doc:literal
        $shape:ident $js:literal fn $name:ident($ty:ty $(, $param_ts:literal)?) -> $ret_ts:literal;
    )*) => {$(
        operations!(@one $shape, [#[doc = $doc]], $js, $name, $ty, [$($param_ts)?], $ret_ts);
    )*};
    (@one none, [$($doc:tt)*], $js:literal, $name:ident, $ty:ty, [], $ret_ts:literal) => {
        #[wasm_bindgen(js_class = AgentSDK)]
        impl AgentSdk {
            $($doc)*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret_ts)]
            pub fn $name() -> Promise {
                operation::<$ty>(&JsValue::UNDEFINED)
            }
        }
    };
    (@one required, [$($doc:tt)*], $js:literal, $name:ident, $ty:ty, [$param_ts:literal], $ret_ts:literal) => {
        #[wasm_bindgen(js_class = AgentSDK)]
        impl AgentSdk {
            $($doc)*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret_ts)]
            pub fn $name(#[wasm_bindgen(unchecked_param_type = $param_ts)] params: JsValue) -> Promise {
                operation::<$ty>(&params)
            }
        }
    };
    // `| void` in the TypeScript type lets callers leave the argument out.
    (@one optional, [$($doc:tt)*], $js:literal, $name:ident, $ty:ty, [$param_ts:literal], $ret_ts:literal) => {
        #[wasm_bindgen(js_class = AgentSDK)]
        impl AgentSdk {
            $($doc)*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret_ts)]
            pub fn $name(#[wasm_bindgen(unchecked_param_type = $param_ts)] params: Option<JsValue>) -> Promise {
                operation::<$ty>(&params.unwrap_or(JsValue::UNDEFINED))
            }
        }
    };
}

operations! {
    "Preview outbound call: rings the agent, then dials the customer and bridges. `requestUniqueId` is generated when omitted."
    required "previewObCall" fn preview_ob_call(PreviewObCallParams, "PreviewObCallParams") -> "Promise<PreviewObCallResponse>";
    "Cancels a preview outbound call, typically while the agent rings."
    none "cancelPreviewObCall" fn cancel_preview_ob_call(CancelPreviewObCallParams) -> "Promise<SdkResponse>";
    "Hangs up the current call (`side` 1 agent, 2 customer; default 1)."
    optional "unlink" fn unlink(UnlinkParams, "UnlinkParams | void") -> "Promise<SdkResponse>";
    "Rejects a ringing inbound call."
    optional "reject" fn reject(RejectParams, "RejectParams | void") -> "Promise<SdkResponse>";
    "Puts the call on hold."
    none "hold" fn hold(HoldParams) -> "Promise<SdkResponse>";
    "Retrieves the held call."
    none "unhold" fn unhold(UnholdParams) -> "Promise<SdkResponse>";
    "Mutes inbound, outbound or all audio."
    required "mute" fn mute(MuteParams, "MuteParams") -> "Promise<SdkResponse>";
    "Unmutes inbound, outbound or all audio."
    required "unmute" fn unmute(UnmuteParams, "UnmuteParams") -> "Promise<SdkResponse>";
    "Sends DTMF digits to the local or the remote leg."
    required "sendDtmf" fn send_dtmf(SendDtmfParams, "SendDtmfParams") -> "Promise<SdkResponse>";
    "Hands the customer to the satisfaction survey; the agent's side ends."
    none "performSatisfactionSurvey" fn perform_satisfaction_survey(PerformSatisfactionSurveyParams) -> "Promise<SdkResponse>";
    "Calls another agent or an extension of the tenant. `requestUniqueId` is generated when omitted."
    required "InternalCall" fn internal_call(InternalCallParams, "InternalCallParams") -> "Promise<SdkResponse>";
    "Extends wrap-up by `wrapupTime` seconds (30 to 600)."
    required "prolongWrapup" fn prolong_wrapup(ProlongWrapupParams, "ProlongWrapupParams") -> "Promise<SdkResponse>";
    "Starts an auto outbound task."
    required "startAutoObCallTask" fn start_auto_ob_call_task(StartAutoObCallTaskParams, "StartAutoObCallTaskParams") -> "Promise<SdkResponse>";
    "Pauses an auto outbound task."
    required "pauseAutoObCallTask" fn pause_auto_ob_call_task(PauseAutoObCallTaskParams, "PauseAutoObCallTaskParams") -> "Promise<SdkResponse>";
    "Changes the outbound work mode."
    required "changeObCallMode" fn change_ob_call_mode(ChangeObCallModeParams, "ChangeObCallModeParams") -> "Promise<SdkResponse>";
    "Starts a consult with a number, an agent or an extension."
    required "startAtxfer" fn start_atxfer(StartAtxferParams, "StartAtxferParams") -> "Promise<SdkResponse>";
    "Cancels the consult before it connects."
    none "cancelAtxfer" fn cancel_atxfer(CancelAtxferParams) -> "Promise<SdkResponse>";
    "Leaves the consult party and returns to the customer."
    none "resumeAtxfer" fn resume_atxfer(ResumeAtxferParams) -> "Promise<SdkResponse>";
    "Completes the consult transfer."
    optional "completeAtxfer" fn complete_atxfer(CompleteAtxferParams, "CompleteAtxferParams | void") -> "Promise<SdkResponse>";
    "Turns the consult into a three-way conference."
    optional "threewayAtxfer" fn threeway_atxfer(ThreewayAtxferParams, "ThreewayAtxferParams | void") -> "Promise<SdkResponse>";
    "Blind transfer to a number, an agent, an extension or an IVR node."
    required "blxfer" fn blxfer(BlxferParams, "BlxferParams") -> "Promise<SdkResponse>";
    "Transfers to an IVR node; the answers come back in `interactReturn`."
    required "transferIvr" fn transfer_ivr(TransferIvrParams, "TransferIvrParams") -> "Promise<SdkResponse>";
    "Supervisor: sets the target agent busy (`stateAction` `forcePause`)."
    required "setPause" fn set_pause(SetPauseParams, "SetPauseParams") -> "Promise<SdkResponse>";
    "Supervisor: sets the target agent idle (`stateAction` `forceUnpause`)."
    required "setUnpause" fn set_unpause(SetUnpauseParams, "SetUnpauseParams") -> "Promise<SdkResponse>";
    "Supervisor: silently monitors the target agent's call (`spyResult`, `spyLink`, `spyUnlink`)."
    required "spy" fn spy(SpyParams, "SpyParams") -> "Promise<SdkResponse>";
    "Supervisor: stops silent monitoring."
    none "unspy" fn unspy(UnspyParams) -> "Promise<SdkResponse>";
    "Supervisor: joins the target agent's call as a third party (`threewayResult`, `threewayLink`, `threewayUnlink`)."
    required "performThreeway" fn perform_threeway(PerformThreewayParams, "PerformThreewayParams") -> "Promise<SdkResponse>";
    "Supervisor: leaves the three-way on the target agent's call."
    required "cancelThreeway" fn cancel_threeway(CancelThreewayParams, "CancelThreewayParams") -> "Promise<SdkResponse>";
    "Supervisor: coaches the target agent, unheard by the customer (`whisperResult`, `whisperLink`, `whisperUnlink`)."
    required "whisper" fn whisper(WhisperParams, "WhisperParams") -> "Promise<SdkResponse>";
    "Supervisor: stops coaching."
    none "unWhisper" fn un_whisper(UnWhisperParams) -> "Promise<SdkResponse>";
    "Supervisor: barges into the target agent's call, heard by all (`bargeResult`, `bargeLink`, `bargeUnlink`)."
    required "barge" fn barge(BargeParams, "BargeParams") -> "Promise<SdkResponse>";
    "Supervisor: ends the target agent's call for everyone (`disconnectResult`)."
    required "disconnect" fn disconnect(DisconnectParams, "DisconnectParams") -> "Promise<SdkResponse>";
    "Supervisor: answers a call ringing at the target agent on its behalf."
    required "pickup" fn pickup(PickupParams, "PickupParams") -> "Promise<SdkResponse>";
    "Supervisor: brings an agent online on an endpoint, without a desk of its own."
    required "setOnline" fn set_online(SetOnlineParams, "SetOnlineParams") -> "Promise<SdkResponse>";
    "Supervisor: forces an agent offline (`setOfflineResult`; its session ends with `forcedOffline`)."
    required "setOffline" fn set_offline(SetOfflineParams, "SetOfflineParams") -> "Promise<SdkResponse>";
    "Supervisor: the status of queues (default: the ones bound with `qids`); also pushed as `queueStatus`."
    optional "getQueueStatus" fn get_queue_status(GetQueueStatusParams, "GetQueueStatusParams | void") -> "Promise<GetQueueStatusResponse>";
    "Lists the preview dialing tasks."
    none "ListPreviewDialingTask" fn list_preview_dialing_task(ListPreviewDialingTaskParams) -> "Promise<ListPreviewDialingTaskResponse>";
}
