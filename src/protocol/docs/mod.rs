//! The API reference in `docs/api/`, generated from the protocol's own data
//! so that it cannot drift from the code: parameter rules from
//! [`OPERATIONS`] and [`SETUP_SCHEMA`], event names from [`EVENT_TYPES`],
//! payload and response types from the catalogue's TypeScript event map, and
//! every field with its TypeScript type and description from the
//! declarations tsify derives from the doc comments (`Tsify::DECL`). What the
//! data cannot say (each operation's purpose, the seed's example calls, the
//! sections) is the table [`SECTIONS`] below; tests hold it to the data.
//!
//! `cargo test --lib docs` fails when a committed file differs from what the
//! code says; `UPDATE_DOCS=1 cargo test --lib docs` rewrites the files.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use tsify::Tsify;

use crate::protocol::catalogue::{EVENT_MAP_TS, EVENT_TYPES};
use crate::protocol::common::*;
use crate::protocol::events::*;
use crate::protocol::ops::registry::{schema_of, OPERATIONS};
use crate::protocol::ops::*;
use crate::protocol::schema::{self, Field, Kind, Limit, Requires, Schema, Text};
use crate::protocol::setup::{SetupConfig, SETUP_SCHEMA};

mod intros;
mod pages;
mod reader;
mod sections;
mod tables;
mod tests;

use intros::*;
use pages::*;
use reader::*;
use sections::{Op, SECTIONS, SETUP_EXAMPLE};
use tables::*;

/// Every type with a TypeScript declaration, shared types first (the order
/// of docs/api/types.md). The reference finds types here by name; a test
/// fails when one it needs is missing.
macro_rules! declarations {
    ($($ty:ty),* $(,)?) => {
        const DECLS: &[&str] = &[$(<$ty as Tsify>::DECL),*];
    };
}

declarations![
    SdkResponse,
    BindEndpoint,
    ChannelVariable,
    IvrTarget,
    AgentStatus,
    AgentState,
    QueueStatusEntry,
    QueueParams,
    QueueAgentStatus,
    QueueEntry,
    PreviewDialingTask,
    SetupConfig,
    LoginParams,
    LoginResponse,
    LogoutParams,
    PauseParams,
    UpdateBoundEndpointParams,
    PreviewObCallParams,
    PreviewObCallResponse,
    UnlinkParams,
    RejectParams,
    MuteParams,
    UnmuteParams,
    SendDtmfParams,
    InternalCallParams,
    ProlongWrapupParams,
    StartAutoObCallTaskParams,
    PauseAutoObCallTaskParams,
    ChangeObCallModeParams,
    StartAtxferParams,
    CompleteAtxferParams,
    ThreewayAtxferParams,
    BlxferParams,
    TransferIvrParams,
    SetPauseParams,
    SetUnpauseParams,
    SpyParams,
    PerformThreewayParams,
    CancelThreewayParams,
    WhisperParams,
    BargeParams,
    DisconnectParams,
    PickupParams,
    SetOnlineParams,
    SetOfflineParams,
    GetQueueStatusParams,
    GetQueueStatusResponse,
    ListPreviewDialingTaskResponse,
    AgentStatusEvent,
    SessionInitEvent,
    SessionTerminateEvent,
    ReconnectAttemptEvent,
    PingEvent,
    SdkErrorEvent,
    PreviewObCallStartEvent,
    PreviewObCallRingingEvent,
    PreviewObCallBridgeEvent,
    PreviewObCallResultEvent,
    RingingEvent,
    AtxferStartEvent,
    AtxferLinkEvent,
    AtxferEndedEvent,
    AtxferErrorEvent,
    ThreewayAtxferResultEvent,
    AtxferThreewayUnlinkEvent,
    CompleteAtxferResultEvent,
    InteractReturnEvent,
    SipSessionInitEvent,
    SipSessionTerminateEvent,
    SipDisconnectedEvent,
    WebrtcStatsEvent,
    QualityWarningEvent,
    AudioDeviceFallbackEvent,
    AudioDevice,
    QueueStatusEvent,
    SpyResultEvent,
    SpyLinkEvent,
    SpyUnlinkEvent,
    ThreewayResultEvent,
    ThreewayLinkEvent,
    ThreewayUnlinkEvent,
    WhisperResultEvent,
    WhisperLinkEvent,
    WhisperUnlinkEvent,
    BargeResultEvent,
    BargeLinkEvent,
    BargeUnlinkEvent,
    DisconnectResultEvent,
    SetOfflineResultEvent,
    ExtenStateEvent,
    TranscriptEvent,
    OrderCallBackEvent,
];

/// The three pages, made from the code as it is.
fn generated() -> [(&'static str, String); 3] {
    let types = Types::load();
    [
        ("docs/api/operations.md", operations_md(&types)),
        ("docs/api/events.md", events_md(&types)),
        ("docs/api/types.md", types_md(&types)),
    ]
}
