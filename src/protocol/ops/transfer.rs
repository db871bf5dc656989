//! Consult and transfer operations (seed 001 section 5): consult (attended
//! transfer) and its outcomes, blind transfer and transfer to an IVR.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

use super::CHAN_VARIABLES;
use crate::protocol::common::ChannelVariable;
use crate::protocol::rules::Operation;
use crate::protocol::schema::{opt, req, Field, Kind, Limit, Schema, Text, When};

/// A PSTN `target` must look dialable; `startAtxfer` and `blxfer` both use
/// `targetType` 0 for it.
const PSTN_TARGET: When =
    When { field: "targetType", value: 0, text: Text::Phone, meaning: "targetType is 0 (PSTN number)" };

/// `startAtxfer(params)`: start a consult with a third party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartAtxferParams {
    /// 0 PSTN number, 1 agent, 2 extension.
    #[tsify(type = "0 | 1 | 2")]
    pub target_type: i64,
    /// The consult target: a phone number, an agentNo or an extension
    /// number, after `targetType`.
    pub target: String,
    /// Channel variables, at most 5 (e.g. `[{ name: 'test', value: '123',
    /// type: 1 }]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub chan_variables: Option<Vec<ChannelVariable>>,
}

impl Operation for StartAtxferParams {
    const ACTION: &'static str = "startAtxfer";
    const SCHEMA: Schema = Schema::new(&[
        req("targetType", Kind::Int(Limit::OneOf(&[0, 1, 2], "0 (PSTN), 1 (agent) or 2 (extension)"))),
        req("target", Kind::StrWhen(Text::NonEmpty, &[PSTN_TARGET])),
        opt("chanVariables", CHAN_VARIABLES),
    ]);
}

no_params_operation! {
    /// `cancelAtxfer()`: cancel the consult and return to the customer.
    CancelAtxferParams = "cancelAtxfer"
}

no_params_operation! {
    /// `resumeAtxfer()`: leave the consult party and resume the customer.
    ResumeAtxferParams = "resumeAtxfer"
}

/// The fields of `completeAtxfer` and `threewayAtxfer`.
pub const DURATION_LIMITED: &[Field] = &[
    opt("durationLimit", Kind::Int(Limit::AtLeast(1, " second"))),
    opt("preAlertSeconds", Kind::Int(Limit::AtLeast(1, " second"))),
    opt("preAlertAudioFile", Kind::Str(Text::NonEmpty)),
];

/// `completeAtxfer` and `threewayAtxfer` take the same optional duration
/// limit, so both are declared from one definition.
macro_rules! duration_limited_operation {
    ($(#[$doc:meta])* $name:ident = $action:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// Call duration limit in seconds (default: unlimited).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[tsify(optional)]
            pub duration_limit: Option<i64>,
            /// Seconds before the limit at which the pre-alert plays (default
            /// 60; only with `durationLimit`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[tsify(optional)]
            pub pre_alert_seconds: Option<i64>,
            /// Pre-alert audio file name (only with `durationLimit`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[tsify(optional)]
            pub pre_alert_audio_file: Option<String>,
        }

        impl Operation for $name {
            const ACTION: &'static str = $action;
            const SCHEMA: Schema = Schema::new(DURATION_LIMITED);
        }
    };
}

duration_limited_operation! {
    /// `completeAtxfer(params)`: complete the consult transfer; the customer
    /// stays with the consult party.
    CompleteAtxferParams = "completeAtxfer"
}

duration_limited_operation! {
    /// `threewayAtxfer(params)`: turn the consult into a three-way
    /// conference.
    ThreewayAtxferParams = "threewayAtxfer"
}

/// `blxfer(params)`: blind transfer.
///
/// `targetType` values are ours, since 09-Transfer-Parameters is not public:
/// 0 PSTN number, 1 agent, 2 extension, 3 IVR node. For an IVR node the
/// `target` is `<ivrId>:<ivrNode>`, e.g. `1:1.1`, the two halves of
/// `transferIvr`'s `ivrTarget`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlxferParams {
    /// 0 PSTN number, 1 agent, 2 extension, 3 IVR node.
    #[tsify(type = "0 | 1 | 2 | 3")]
    pub target_type: i64,
    /// The transfer target: a phone number, an agentNo, an extension number,
    /// or `<ivrId>:<ivrNode>`, after `targetType`.
    pub target: String,
    /// Transfer variables (cross-department and the like), at most 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub blxfer_variables: Option<Vec<ChannelVariable>>,
    /// 1 announce the transferring agent's number to the target before
    /// bridging, 0 do not (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "0 | 1")]
    pub blxfer_dial_say_agent: Option<i64>,
    /// 1 keep the customer on hold music while the target is dialled, 0 let
    /// the customer hear ringback (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "0 | 1")]
    pub blxfer_dial_agent_hold: Option<i64>,
}

impl Operation for BlxferParams {
    const ACTION: &'static str = "blxfer";
    const SCHEMA: Schema = Schema::new(&[
        req(
            "targetType",
            Kind::Int(Limit::OneOf(&[0, 1, 2, 3], "0 (PSTN number), 1 (agent), 2 (extension) or 3 (IVR node)")),
        ),
        req(
            "target",
            Kind::StrWhen(
                Text::NonEmpty,
                &[
                    PSTN_TARGET,
                    When {
                        field: "targetType",
                        value: 3,
                        text: Text::Pair(':', "<ivrId>:<ivrNode>"),
                        meaning: "targetType is 3 (IVR node)",
                    },
                ],
            ),
        ),
        opt("blxferVariables", CHAN_VARIABLES),
        opt("blxferDialSayAgent", Kind::Int(Limit::OneOf(&[0, 1], "0 or 1"))),
        opt("blxferDialAgentHold", Kind::Int(Limit::OneOf(&[0, 1], "0 or 1"))),
    ]);
}

/// The fields of an `IvrTarget`.
pub const IVR_TARGET: &[Field] = &[req("ivrId", Kind::StrOrInt), req("ivrNode", Kind::Str(Text::NonEmpty))];

/// Where `transferIvr` sends the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IvrTarget {
    /// IVR id, as a string or a number.
    #[tsify(type = "string | number")]
    pub ivr_id: Value,
    /// Node inside the IVR, e.g. `1.1`.
    pub ivr_node: String,
}

/// `transferIvr(params)`: hand the call to an IVR for an interaction; the
/// IVR's answers come back in `interactReturn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransferIvrParams {
    /// The IVR and node to transfer to.
    pub ivr_target: IvrTarget,
    /// Channel variables, at most 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub chan_variables: Option<Vec<ChannelVariable>>,
    /// Return variable mapping, sent back in `interactReturn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Record<string, string>")]
    pub return_variables: Option<BTreeMap<String, String>>,
}

impl Operation for TransferIvrParams {
    const ACTION: &'static str = "transferIvr";
    const SCHEMA: Schema = Schema::new(&[
        req("ivrTarget", Kind::Object(IVR_TARGET)),
        opt("chanVariables", CHAN_VARIABLES),
        opt("returnVariables", Kind::StringMap),
    ]);
}
