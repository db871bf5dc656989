//! Softphone events, emitted by the SDK itself: SIP call sessions, loss of
//! the SIP connection and per-second call quality.
//!
//! The seed names these events without a field table; the shapes below are
//! our decision, since 06-Types is not public.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// `sipSessionInit`: a softphone call began (ringing in or dialling out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SipSessionInitEvent {
    /// SIP Call-ID of the dialog.
    pub call_id: String,
    /// `inbound` when the gateway called the softphone, `outbound` when the
    /// softphone called out.
    #[tsify(type = "'inbound' | 'outbound'")]
    pub direction: String,
    /// The other party's number, when the SIP headers carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub remote_number: Option<String>,
    /// The call's unique id, when the gateway passed it in a SIP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub unique_id: Option<String>,
}

/// `sipSessionTerminate`: a softphone call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SipSessionTerminateEvent {
    /// SIP Call-ID of the dialog.
    pub call_id: String,
    /// `inbound` or `outbound`, as in `sipSessionInit`.
    #[tsify(type = "'inbound' | 'outbound'")]
    pub direction: String,
    /// The other party's number, when the SIP headers carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub remote_number: Option<String>,
    /// The call's unique id, when the gateway passed it in a SIP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub unique_id: Option<String>,
    /// Why it ended, e.g. `localHangup`, `remoteHangup`, `rejected`,
    /// `cancelled`, `failed`.
    pub reason: String,
    /// SIP status code of a failed or rejected call (e.g. 486).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub code: Option<i64>,
}

/// `sipDisconnected`: the softphone lost its SIP connection; the agent
/// usually has to log in again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SipDisconnectedEvent {
    /// What broke, e.g. `transportClosed` or `registrationFailed`.
    pub reason: String,
    /// WebSocket close code or SIP status code, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub code: Option<i64>,
}

/// `webrtcStats`: softphone call quality, once a second during a call (with
/// `webrtcStats: true` in `setup`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct WebrtcStatsEvent {
    /// ICE connection state (`RTCIceConnectionState`).
    #[tsify(type = "'new' | 'checking' | 'connected' | 'completed' | 'failed' | 'disconnected' | 'closed'")]
    pub ice_state: String,
    /// DTLS transport state (`RTCDtlsTransportState`).
    #[tsify(type = "'new' | 'connecting' | 'connected' | 'closed' | 'failed'")]
    pub dtls_state: String,
    /// Audio RTP packets sent so far.
    pub packets_sent: i64,
    /// Audio RTP packets received so far.
    pub packets_received: i64,
    /// Whether packets flowed during the last second: `normal` both ways,
    /// `sendStalled`, `receiveStalled`, or `stalled` neither way.
    #[tsify(type = "'normal' | 'sendStalled' | 'receiveStalled' | 'stalled'")]
    pub packets_state: String,
    /// Inbound jitter in ms.
    pub jitter: f64,
    /// Round-trip time in ms.
    pub rtt: f64,
    /// Inbound packet loss over the last second, from 0 to 1.
    pub packet_loss_rate: f64,
    /// Quality of the sending direction: 1 excellent, 2 good, 3 poor, 4 bad
    /// (the same buckets as `ping`'s `networkState`).
    #[tsify(type = "1 | 2 | 3 | 4")]
    pub sent_network_quality: i64,
    /// Quality of the receiving direction, same buckets.
    #[tsify(type = "1 | 2 | 3 | 4")]
    pub received_network_quality: i64,
    /// Estimated mean opinion score, 1 to 4.5.
    pub mos: f64,
    /// Level of the received audio, 0 to 1 (`in` as in `mute`).
    pub audio_level_in: f64,
    /// Level of the sent (microphone) audio, 0 to 1.
    pub audio_level_out: f64,
    /// When the sample was taken (ms since the epoch).
    pub timestamp: f64,
}

/// `qualityWarning`: a call-quality warning was raised or cleared (an SDK
/// extension, with `webrtcStats: true`). Thresholds and hysteresis are in
/// docs/softphone.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QualityWarningEvent {
    /// Which warning.
    #[tsify(type = "'highRtt' | 'highJitter' | 'packetLoss' | 'lowMos' | 'silentMicrophone'")]
    pub warning: String,
    /// `true` when raised, `false` when cleared (also when the call ends
    /// with the warning raised).
    pub active: bool,
    /// The sample's value that decided it, in the unit of its
    /// `webrtcStats` field (ms, a 0 to 1 rate, a MOS, a 0 to 1 level); 0
    /// when cleared by the call's end.
    pub value: f64,
    /// The threshold crossed: the raise threshold, or the clear threshold.
    pub threshold: f64,
}

/// `audioDeviceFallback`: a chosen audio device went away (unplugged, or
/// its track ended) and the softphone fell back to the default one (an SDK
/// extension).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AudioDeviceFallbackEvent {
    /// What lost its device: the microphone, the call's speaker or the
    /// ringtone's output.
    #[tsify(type = "'microphone' | 'speaker' | 'ringtone'")]
    pub kind: String,
    /// The `deviceId` that went away.
    pub device_id: String,
    /// How it was noticed: `ended` (the microphone's track ended mid-call)
    /// or `removed` (the device left `enumerateDevices()`).
    #[tsify(type = "'ended' | 'removed'")]
    pub reason: String,
}

/// One microphone or speaker, as `getAudioDevices()` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AudioDevice {
    /// Pass it to `setMicrophone`, `setSpeaker` or `setRingtoneOutput`.
    pub device_id: String,
    /// `audioinput` (a microphone) or `audiooutput` (a speaker).
    #[tsify(type = "'audioinput' | 'audiooutput'")]
    pub kind: String,
    /// The device's name; empty until the page has microphone permission.
    pub label: String,
    /// Devices of one physical unit (a headset) share it.
    pub group_id: String,
}
