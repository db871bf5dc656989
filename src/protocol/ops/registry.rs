//! Every operation's action and rules in one table, for code that handles
//! operations generically: the gateway's dispatch checks and the fuzzers.

use crate::protocol::ops::*;
use crate::protocol::rules::Operation;
use crate::protocol::schema::Schema;

macro_rules! registry {
    ($($ty:ty),* $(,)?) => {
        /// `(action, schema)` of every operation of seed 001.
        pub const OPERATIONS: &[(&str, Schema)] = &[$((<$ty>::ACTION, <$ty>::SCHEMA)),*];
    };
}

registry![
    LoginParams,
    LogoutParams,
    PauseParams,
    UnpauseParams,
    UpdateBoundEndpointParams,
    PreviewObCallParams,
    CancelPreviewObCallParams,
    UnlinkParams,
    RejectParams,
    HoldParams,
    UnholdParams,
    MuteParams,
    UnmuteParams,
    SendDtmfParams,
    PerformSatisfactionSurveyParams,
    InternalCallParams,
    ProlongWrapupParams,
    StartAutoObCallTaskParams,
    PauseAutoObCallTaskParams,
    ChangeObCallModeParams,
    StartAtxferParams,
    CancelAtxferParams,
    ResumeAtxferParams,
    CompleteAtxferParams,
    ThreewayAtxferParams,
    BlxferParams,
    TransferIvrParams,
    SipLinkParams,
    SipUnlinkParams,
    SetPauseParams,
    SetUnpauseParams,
    SpyParams,
    UnspyParams,
    PerformThreewayParams,
    CancelThreewayParams,
    WhisperParams,
    UnWhisperParams,
    BargeParams,
    DisconnectParams,
    PickupParams,
    SetOnlineParams,
    SetOfflineParams,
    GetQueueStatusParams,
    ListPreviewDialingTaskParams,
];

/// The rules of `action`, if it is an operation.
pub fn schema_of(action: &str) -> Option<&'static Schema> {
    OPERATIONS.iter().find(|(a, _)| *a == action).map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::EVENT_TYPES;

    #[test]
    fn every_response_constant_has_its_operation_once() {
        let responses: Vec<&str> = EVENT_TYPES.iter().filter(|(k, _)| k.ends_with("_RESP")).map(|(_, n)| *n).collect();
        assert_eq!(responses.len(), OPERATIONS.len());
        for (action, _) in OPERATIONS {
            assert!(responses.contains(&format!("{action}Resp").as_str()), "{action}");
            assert_eq!(OPERATIONS.iter().filter(|(a, _)| a == action).count(), 1, "{action} twice");
        }
        assert!(schema_of("pause").is_some());
        assert!(schema_of("resume").is_none());
    }
}
