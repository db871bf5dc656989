//! What the reference says that the types cannot: each operation's purpose
//! and the seed's example call, in the seed's order and sections. The tests
//! in `mod.rs` hold this table to `OPERATIONS`.

/// One operation as the seed documents it: what it is for and its example
/// call (the argument only, as JavaScript; empty for a call without one).
pub(super) struct Op {
    pub(super) action: &'static str,
    pub(super) purpose: &'static str,
    pub(super) example: &'static str,
}

const fn op(action: &'static str, purpose: &'static str, example: &'static str) -> Op {
    Op { action, purpose, example }
}

/// The operations of seed 001 in its order, under its section titles, with
/// a note for the whole section.
pub(super) const SECTIONS: &[(&str, &str, &[Op])] = &[
    (
        "Agent",
        "",
        &[
            op(
                "login",
                "Signs the agent in: opens the agent session's WebSocket and subscribes to the events pushed on it \
                 (`agentStatus` follows at once; `reconnectAttempt` reports reconnects).",
                "{
  tenantId: 'your_tenantId',
  agentNo: 'your_agentNo',
  sessionKey: 'your_sessionKey',
  bindEndpoint: { endpointType: 1, endpoint: '13600000000' },
  initialStatus: 1
}",
            ),
            op("logout", "Signs the agent out and ends the session.", "{ logoutMode: 1, unbindEndpoint: 0 }"),
            op(
                "pause",
                "Sets the agent busy, with a busy type and reason the tenant has configured.",
                "{ pauseType: 1, pauseDescription: 'MEETING' }",
            ),
            op("unpause", "Sets the agent idle.", ""),
            op(
                "updateBoundEndpoint",
                "Changes the endpoint the agent takes calls on: a PSTN number, an extension or the softphone.",
                "{
  bindEndpoint: { endpointType: 1, endpoint: '13600000000' }
}",
            ),
        ],
    ),
    (
        "Call control",
        "",
        &[
            op(
                "previewObCall",
                "Preview outbound call: rings the agent's endpoint first, then dials the customer and bridges the \
                 two. Progress comes as `previewObCallStart`, `previewObCallRinging`, `previewObCallBridge` and \
                 `previewObCallResult`; the business error codes of a refusal are in [errors.md](../errors.md).",
                "{
  customerNumber: '13800138000',
  agentAnswerTimeout: 30,
  customerAnswerTimeout: 45
}",
            ),
            op(
                "cancelPreviewObCall",
                "Cancels a preview outbound call, typically while the agent's endpoint rings.",
                "",
            ),
            op("unlink", "Hangs up the current call.", "{ side: 1 }"),
            op("reject", "Rejects an inbound call while it rings.", "{ description: 'busy' }"),
            op("hold", "Puts the call on hold.", ""),
            op("unhold", "Retrieves the held call.", ""),
            op("mute", "Mutes the call's inbound, outbound or all audio.", "{ direction: 'in' }"),
            op("unmute", "Unmutes the call's inbound, outbound or all audio.", "{ direction: 'in' }"),
            op(
                "sendDtmf",
                "Sends DTMF digits during a call, to the local or the remote leg.",
                "{ digits: '1#', target: 2 }",
            ),
            op(
                "performSatisfactionSurvey",
                "Hands the customer to the satisfaction survey; on success the agent's side of the call ends.",
                "",
            ),
            op(
                "InternalCall",
                "Calls another agent or an IP phone extension of the same tenant.",
                "{
  targetType: 0,
  target: '0000',
  agentAnswerTimeout: 30,
  customerAnswerTimeout: 45
}",
            ),
            op("prolongWrapup", "Extends the running wrap-up.", "{ wrapupTime: 300 }"),
            op(
                "startAutoObCallTask",
                "Starts one of the agent's auto outbound tasks.",
                r#"{ taskId: '11', callParams: '{"key":"value"}' }"#,
            ),
            op("pauseAutoObCallTask", "Pauses one of the agent's auto outbound tasks.", "{ taskId: '11' }"),
            op("changeObCallMode", "Changes the agent's outbound work mode.", "{ workMode: 0 }"),
        ],
    ),
    (
        "Consult and transfer",
        "",
        &[
            op(
                "startAtxfer",
                "Starts a consult with a phone number, an agent or an extension while the customer waits. Progress \
                 comes as `atxferStart`, `atxferLink`, then `atxferEnded`, or `atxferError` on failure.",
                "{ targetType: 0, target: '13800138000' }",
            ),
            op("cancelAtxfer", "Cancels the consult and returns to the customer.", ""),
            op("resumeAtxfer", "Leaves the consult party and resumes the customer.", ""),
            op(
                "completeAtxfer",
                "Completes the consult transfer: the customer stays with the consult party (`completeAtxferResult`).",
                "",
            ),
            op(
                "threewayAtxfer",
                "Turns the consult into a three-way conference (`threewayAtxferResult`, then `atxferThreewayUnlink` \
                 when it ends).",
                "",
            ),
            op(
                "blxfer",
                "Blind transfer to a phone number, an agent, an extension or an IVR node.",
                "{ targetType: 0, target: '13800138000' }",
            ),
            op(
                "transferIvr",
                "Transfers the call to an IVR node for an interaction; the IVR's answers come back in \
                 `interactReturn`.",
                "{
  ivrTarget: { ivrId: 1, ivrNode: '1.1' }
}",
            ),
        ],
    ),
    (
        "Softphone",
        "For agents bound with `endpointType: 3`; the softphone reports through `sipSessionInit`, \
         `sipSessionTerminate`, `sipDisconnected` and `webrtcStats`.",
        &[
            op("sipLink", "Answers the ringing softphone call.", ""),
            op("sipUnlink", "Hangs up the softphone call.", ""),
        ],
    ),
    (
        "Supervisor",
        "These need an agent with the supervisor role (else `errorCode` 20013); `qids` at login binds the \
         queues whose `queueStatus` is pushed. docs/supervisor.md describes the flows.",
        &[
            op("setPause", "Sets the target agent busy.", "{ agentNo: '0000' }"),
            op("setUnpause", "Sets the target agent idle.", "{ agentNo: '0000' }"),
            op(
                "spy",
                "Silently monitors the target agent's call (`spyResult`, `spyLink`, `spyUnlink`).",
                "{ agentNo: '0000' }",
            ),
            op("unspy", "Stops monitoring.", ""),
            op(
                "performThreeway",
                "Joins the target agent's call as a third party (`threewayResult`, `threewayLink`, `threewayUnlink`).",
                "{ agentNo: '0000' }",
            ),
            op("cancelThreeway", "Leaves the three-way on the target agent's call.", "{ agentNo: '0000' }"),
            op(
                "whisper",
                "Coaches the target agent, unheard by the customer (`whisperResult`, `whisperLink`, \
                 `whisperUnlink`).",
                "{ agentNo: '0000' }",
            ),
            op("unWhisper", "Stops coaching.", ""),
            op(
                "barge",
                "Barges into the target agent's call (`bargeResult`, `bargeLink`, `bargeUnlink`).",
                "{ agentNo: '0000' }",
            ),
            op("disconnect", "Forces the target agent's call to end (`disconnectResult`).", "{ agentNo: '0000' }"),
            op("pickup", "Answers a call ringing at the target agent.", "{ agentNo: '0000' }"),
            op(
                "setOnline",
                "Forces an agent online on the given endpoint.",
                "{
  agentNo: '0000',
  bindEndpoint: { endpointType: 1, endpoint: '1354*******' }
}",
            ),
            op("setOffline", "Forces an agent offline (`setOfflineResult`).", "{ agentNo: '0000', unbindEndpoint: 0 }"),
            op(
                "getQueueStatus",
                "Queries the status of queues.",
                "{ queueNos: [0, 1, 2], fields: 'queueParams,agentStatuses,queueEntries' }",
            ),
            op("ListPreviewDialingTask", "Lists the preview dialing tasks.", ""),
        ],
    ),
];

/// The seed's `setup` example.
pub(super) const SETUP_EXAMPLE: &str = "{
  baseURL: 'https://api.example.com',
  debug: false,
  webrtc: true,
  webrtcStats: false,
  audio_debug: false,
  observability: false
}";
