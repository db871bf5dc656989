//! Each schema names exactly the fields of its typed struct, nested objects
//! included, and agrees with it on which are required. Samples are struct
//! literals, so a field added to a struct will not compile here until the
//! sample sets it, and then fails until its schema names it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

use crate::protocol::common::{BindEndpoint, ChannelVariable};
use crate::protocol::ops::*;
use crate::protocol::rules::NoParams;
use crate::protocol::schema::{self, Field, Kind, Schema};
use crate::protocol::setup::{SetupConfig, SETUP_SCHEMA};
use crate::protocol::{Operation, EVENT_TYPES};

/// Panics where `schema` and the struct behind `sample` disagree.
fn agrees<T: Serialize + DeserializeOwned + Debug>(name: &str, schema: &Schema, sample: &T) {
    let root = serde_json::to_value(sample).unwrap();
    assert_eq!(schema::check(schema, &&root), Ok(()), "{name}: the full sample breaks its own schema");
    walk::<T>(name, schema.fields, &root, "");
}

/// Compares the fields at `pointer` (a JSON pointer into `root`) with
/// `fields`, then descends into nested objects.
fn walk<T: DeserializeOwned>(name: &str, fields: &[Field], root: &Value, pointer: &str) {
    let object = root.pointer(pointer).and_then(Value::as_object);
    let object = object.unwrap_or_else(|| panic!("{name}{pointer}: not an object"));
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let names: BTreeSet<&str> = fields.iter().map(|f| f.name).collect();
    assert_eq!(keys, names, "{name}{pointer}: struct fields (left) against schema fields (right)");
    for field in fields {
        let at = format!("{pointer}/{}", field.name);
        let mut without = root.clone();
        without.pointer_mut(pointer).and_then(Value::as_object_mut).unwrap().remove(field.name);
        let refused = serde_json::from_value::<T>(without).is_err();
        assert_eq!(refused, field.required, "{name}{at}: required by the struct (left) and by the schema (right)");
        match field.kind {
            Kind::Object(inner) => walk::<T>(name, inner, root, &at),
            Kind::ObjectList(inner, _) => {
                let items = root.pointer(&at).and_then(Value::as_array).map_or(0, Vec::len);
                assert!(items > 0, "{name}{at}: the sample needs an item to compare");
                (0..items).for_each(|i| walk::<T>(name, inner, root, &format!("{at}/{i}")));
            }
            _ => {}
        }
    }
}

/// Adds one operation's check, and its action to those covered.
fn op<T: Operation + Debug>(covered: &mut Vec<&'static str>, sample: T) {
    agrees(T::ACTION, &T::SCHEMA, &sample);
    covered.push(T::ACTION);
}

fn s(text: &str) -> String {
    text.to_string()
}

fn vars() -> Option<Vec<ChannelVariable>> {
    Some(vec![ChannelVariable { name: s("orderId"), value: s("A1"), kind: 1 }])
}

fn endpoint() -> BindEndpoint {
    BindEndpoint { endpoint_type: 2, endpoint: s("8001") }
}

#[test]
fn every_operation_schema_matches_its_struct() {
    let mut c = Vec::new();
    op(
        &mut c,
        LoginParams {
            session_key: s("k"),
            tenant_id: s("t1"),
            agent_no: s("0001"),
            web_socket_url: Some(s("wss://gw.example/ws")),
            bind_endpoint: endpoint(),
            qids: Some(s("q1,q2")),
            initial_status: 2,
            pause_description: Some(s("MEETING")),
            work_mode: Some(s("0,4")),
        },
    );
    op(&mut c, LogoutParams { logout_mode: 0, unbind_endpoint: Some(1) });
    op(&mut c, PauseParams { pause_type: 1, pause_description: Some(s("MEETING")) });
    op(&mut c, UnpauseParams(NoParams {}));
    op(&mut c, UpdateBoundEndpointParams { bind_endpoint: endpoint() });

    op(
        &mut c,
        PreviewObCallParams {
            customer_number: s("13800138000"),
            agent_answer_timeout: Some(30),
            customer_answer_timeout: Some(45),
            ob_clid: Some(s("01088886666")),
            ob_clid_area_code: Some(s("010")),
            ob_clid_group: Some(s("g1")),
            chan_variables: vars(),
            request_unique_id: Some(s("r-1")),
            backup_number: Some(s("13800138001,13800138002")),
            cdr_is_asr: Some(0),
        },
    );
    op(&mut c, CancelPreviewObCallParams(NoParams {}));
    op(&mut c, UnlinkParams { side: Some(2) });
    op(&mut c, RejectParams { description: Some(s("busy")) });
    op(&mut c, HoldParams(NoParams {}));
    op(&mut c, UnholdParams(NoParams {}));
    op(&mut c, MuteParams { direction: s("all") });
    op(&mut c, UnmuteParams { direction: s("out") });
    op(&mut c, SendDtmfParams { digits: s("1#"), target: 2, duration_ms: Some(100), gap_ms: Some(250) });
    op(&mut c, PerformSatisfactionSurveyParams(NoParams {}));
    op(
        &mut c,
        InternalCallParams {
            target_type: 1,
            target: s("8001"),
            agent_answer_timeout: Some(5),
            customer_answer_timeout: Some(60),
            request_unique_id: Some(s("r-2")),
            chan_variables: vars(),
        },
    );
    op(&mut c, ProlongWrapupParams { wrapup_time: 300 });
    op(&mut c, StartAutoObCallTaskParams { task_id: s("11"), call_params: Some(s(r#"{"key":"value"}"#)) });
    op(&mut c, PauseAutoObCallTaskParams { task_id: s("11") });
    op(&mut c, ChangeObCallModeParams { work_mode: 1 });

    op(&mut c, StartAtxferParams { target_type: 0, target: s("13800138000"), chan_variables: vars() });
    op(&mut c, CancelAtxferParams(NoParams {}));
    op(&mut c, ResumeAtxferParams(NoParams {}));
    op(
        &mut c,
        CompleteAtxferParams {
            duration_limit: Some(120),
            pre_alert_seconds: Some(60),
            pre_alert_audio_file: Some(s("alert.wav")),
        },
    );
    op(
        &mut c,
        ThreewayAtxferParams {
            duration_limit: Some(300),
            pre_alert_seconds: Some(30),
            pre_alert_audio_file: Some(s("alert.wav")),
        },
    );
    op(
        &mut c,
        BlxferParams {
            target_type: 3,
            target: s("1:1.1"),
            blxfer_variables: vars(),
            blxfer_dial_say_agent: Some(1),
            blxfer_dial_agent_hold: Some(0),
        },
    );
    op(
        &mut c,
        TransferIvrParams {
            ivr_target: IvrTarget { ivr_id: json!("ivr-main"), ivr_node: s("1.1") },
            chan_variables: vars(),
            return_variables: Some(BTreeMap::from([(s("choice"), s("menuChoice"))])),
        },
    );

    op(&mut c, SipLinkParams(NoParams {}));
    op(&mut c, SipUnlinkParams(NoParams {}));

    op(&mut c, SetPauseParams { agent_no: s("0000") });
    op(&mut c, SetUnpauseParams { agent_no: s("0000") });
    op(&mut c, SpyParams { agent_no: s("0000") });
    op(&mut c, UnspyParams(NoParams {}));
    op(&mut c, PerformThreewayParams { agent_no: s("0000") });
    op(&mut c, CancelThreewayParams { agent_no: s("0000") });
    op(&mut c, WhisperParams { agent_no: s("0000") });
    op(&mut c, UnWhisperParams(NoParams {}));
    op(&mut c, BargeParams { agent_no: s("0000") });
    op(&mut c, DisconnectParams { agent_no: s("0000") });
    op(&mut c, PickupParams { agent_no: s("0000") });
    op(&mut c, SetOnlineParams { agent_no: s("0000"), bind_endpoint: endpoint() });
    op(&mut c, SetOfflineParams { agent_no: s("0000"), unbind_endpoint: Some(0) });
    op(
        &mut c,
        GetQueueStatusParams { queue_nos: Some(vec![json!(0), json!("0001")]), fields: Some(s("queueEntries")) },
    );
    op(&mut c, ListPreviewDialingTaskParams(NoParams {}));

    // Every operation answers with one `<action>Resp`, so the catalogue lists
    // them all: none may be missing here.
    let operations: BTreeSet<&str> = EVENT_TYPES.iter().filter_map(|(_, name)| name.strip_suffix("Resp")).collect();
    let covered: BTreeSet<&str> = c.iter().copied().collect();
    assert_eq!(covered.len(), c.len(), "an operation is listed twice");
    assert_eq!(covered, operations);
}

#[test]
fn setup_schema_matches_its_struct() {
    let config = SetupConfig {
        base_url: s("https://gw.example"),
        webrtc: Some(true),
        debug: Some(false),
        audio_debug: Some(false),
        observability: Some(true),
        webrtc_stats: Some(true),
    };
    agrees("setup", &SETUP_SCHEMA, &config);
}
