//! Events outside the call and supervisor flows: IP phone registration,
//! real-time transcription and scheduled callbacks.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

/// `extenState`: an IP phone extension's registration changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ExtenStateEvent {
    /// `Reachable` or `Unreachable`.
    #[tsify(type = "'Reachable' | 'Unreachable'")]
    pub state: String,
    /// `Registered` or `Unregistered`.
    #[tsify(type = "'Registered' | 'Unregistered'")]
    pub register_state: String,
    /// Registration time, e.g. `2024-01-01 10:54:19`.
    pub register_time: String,
    /// Expiration time, same format.
    pub expiration_time: String,
    /// The phone's IP address.
    pub exten_ip: String,
    /// Registration URI.
    #[serde(rename = "URI")]
    pub uri: String,
    /// Extension number.
    pub exten_no: String,
    /// Tenant ID.
    pub tenant_id: String,
}

/// `transcript`: a sentence of real-time transcription (older documents call
/// it `transcriptEvent` or `rasr`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptEvent {
    /// Transcribed sentence text.
    pub text: String,
    /// 1 agent side, 2 customer side.
    #[tsify(type = "1 | 2")]
    pub role: i64,
    /// When the text was produced (ms since the epoch).
    pub transcript_time: f64,
    /// Begin of the sentence, in ms from the start of the recording.
    pub begin_time: f64,
    /// End of the sentence, in ms from the start of the recording.
    pub end_time: f64,
    /// 1 finished, 0 in progress.
    #[tsify(type = "0 | 1")]
    pub finished: i64,
    /// Sentence index, from 0.
    pub sentence_index: i64,
    /// `intermediateResult` or `sentenceEnd`.
    #[tsify(type = "'intermediateResult' | 'sentenceEnd'")]
    pub sentence_type: String,
    /// Main call unique id.
    pub main_unique_id: String,
    /// When the engine started on the sentence (ms since the epoch); only
    /// with `sentenceEnd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sentence_begin_timestamp: Option<f64>,
    /// When the final text came back (ms since the epoch); only with
    /// `sentenceEnd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sentence_end_timestamp: Option<f64>,
}

/// `orderCallBack`: a scheduled callback is due. The seed gives no field
/// contract, so the payload passes through untouched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[tsify(type = "Record<string, unknown>")]
pub struct OrderCallBackEvent {
    /// Every field of the payload, as the server sent it.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
