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

mod sections;

use sections::{Op, SECTIONS, SETUP_EXAMPLE};

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

/// A TypeScript declaration as tsify writes it: an interface or a type alias.
struct Decl {
    name: String,
    /// Doc comment paragraphs.
    doc: Vec<String>,
    /// Interfaces it extends (flattened Rust fields).
    extends: Vec<String>,
    /// Its own fields.
    members: Vec<Member>,
    /// The aliased type, for a type alias.
    alias: Option<String>,
}

struct Member {
    name: String,
    optional: bool,
    ty: String,
    doc: String,
}

fn paragraphs(doc: &str) -> Vec<String> {
    doc.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// Reads a declaration back. tsify writes one member per line, each after
/// its own doc comment, so reading line by line is enough.
fn parse(decl: &str) -> Decl {
    let mut d = Decl { name: String::new(), doc: Vec::new(), extends: Vec::new(), members: Vec::new(), alias: None };
    // Comment lines joined by spaces, paragraphs by newlines.
    let mut doc = String::new();
    let mut in_doc = false;
    for line in decl.lines().map(str::trim) {
        if line == "/**" {
            in_doc = true;
        } else if line == "*/" {
            in_doc = false;
        } else if in_doc {
            let text = line.trim_start_matches('*').trim();
            doc.push_str(text);
            doc.push(if text.is_empty() { '\n' } else { ' ' });
        } else if let Some(head) = line.strip_prefix("export interface ") {
            let head = head.trim_end_matches('{').trim();
            let (name, extends) = head.split_once(" extends ").unwrap_or((head, ""));
            d.name = name.into();
            d.extends = extends.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            d.doc = paragraphs(&std::mem::take(&mut doc));
        } else if let Some((name, ty)) = line.strip_prefix("export type ").and_then(|l| l.split_once(" = ")) {
            d.name = name.into();
            d.alias = Some(ty.trim_end_matches(';').into());
            d.doc = paragraphs(&std::mem::take(&mut doc));
        } else if let Some((name, ty)) = line.strip_suffix(';').and_then(|l| l.split_once(": ")) {
            let (name, optional) = name.strip_suffix('?').map_or((name, false), |n| (n, true));
            let doc = paragraphs(&std::mem::take(&mut doc)).join(" ");
            d.members.push(Member { name: name.into(), optional, ty: ty.into(), doc });
        } else {
            // Anything else could be a field this reader would silently drop.
            assert_eq!(line, "}", "a line this reader does not know, in:\n{decl}");
        }
    }
    d
}

/// The declarations by name.
struct Types {
    decls: Vec<Decl>,
}

impl Types {
    fn load() -> Self {
        Self { decls: DECLS.iter().map(|d| parse(d)).collect() }
    }

    fn find(&self, name: &str) -> Option<&Decl> {
        self.decls.iter().find(|d| d.name == name)
    }

    fn get(&self, name: &str) -> &Decl {
        self.find(name).unwrap_or_else(|| panic!("no declaration of {name}: add it to DECLS in src/protocol/docs.rs"))
    }

    /// Fields of `name`, inherited ones first, as a caller sees them.
    fn fields(&self, name: &str) -> Vec<&Member> {
        let d = self.get(name);
        d.extends.iter().flat_map(|base| self.fields(base)).chain(&d.members).collect()
    }

    /// Types other declarations refer to: docs/api/types.md documents them.
    fn shared(&self) -> Vec<&Decl> {
        let used: Vec<&str> = self
            .decls
            .iter()
            .flat_map(|d| d.members.iter().flat_map(|m| type_names(&m.ty)).chain(d.extends.iter().map(String::as_str)))
            .collect();
        self.decls.iter().filter(|d| used.contains(&d.name.as_str())).collect()
    }

    /// A TypeScript type for a table cell, with links to the shared types
    /// it names on `page`.
    fn ts(&self, ty: &str, page: &str) -> String {
        let shared = self.shared();
        let link = |name: &str| format!("[`{name}`]({page}#{})", name.to_lowercase());
        let base = ty.trim_end_matches("[]");
        if shared.iter().any(|d| d.name == base) {
            return format!("{}{}", link(base), &ty[base.len()..]);
        }
        let code = format!("`{}`", ty.replace('|', "\\|"));
        let named: Vec<String> = type_names(ty).filter(|n| shared.iter().any(|d| d.name == *n)).map(link).collect();
        if named.is_empty() {
            code
        } else {
            format!("{code} (see {})", named.join(", "))
        }
    }
}

/// The type names a TypeScript type mentions; quoted literals are values.
fn type_names(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(['\'', '"'])
        .step_by(2)
        .flat_map(|part| part.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && *w != "Record")
}

/// `(event name, payload type)` of every entry of the TypeScript event map.
fn event_map() -> Vec<(&'static str, &'static str)> {
    EVENT_MAP_TS
        .lines()
        .skip_while(|l| !l.starts_with("export interface AgentSdkEventMap"))
        .skip(1)
        .take_while(|l| *l != "}")
        .filter_map(|l| l.trim().strip_suffix(';')?.split_once(": "))
        .map(|(name, ty)| (name, ty.split(" & ").next().unwrap_or(ty)))
        .collect()
}

fn payload_of(event: &str) -> &'static str {
    event_map().into_iter().find(|(n, _)| *n == event).map(|(_, t)| t).expect("every event is in the event map")
}

fn constant_of(event: &str) -> &'static str {
    EVENT_TYPES.iter().find(|(_, n)| *n == event).map(|(k, _)| *k).expect("every event has a constant")
}

/// Whether the browser build has the method yet. The web layer compiles for
/// wasm32 only, so its source is read: `api.rs` declares methods as
/// `pub fn <name>(` or with `js_name = <name>`, `operations.rs` as
/// `"<name>" fn`.
fn exposed(method: &str) -> bool {
    const API: &str = include_str!("../../web/api.rs");
    const OPERATIONS_RS: &str = include_str!("../../web/operations.rs");
    OPERATIONS_RS.contains(&format!("\"{method}\" fn "))
        || API.contains(&format!("pub fn {method}("))
        || API.contains(&format!("js_name = {method},"))
}

const PHONE_SHAPE: &str = "digits with an optional leading `+`, 3 to 20 long";

fn text_rule(text: &Text) -> String {
    match *text {
        Text::Any => "any string".into(),
        Text::NonEmpty => "not empty or blank".into(),
        Text::ShorterThan(n) => format!("fewer than {n} characters"),
        Text::Dtmf(max) => format!("1 to {max} DTMF characters: `0`-`9`, `*`, `#`, `A`-`D`"),
        Text::Phone => format!("a phone number ({PHONE_SHAPE})"),
        Text::PhoneList(max) => format!("up to {max} comma-separated phone numbers ({PHONE_SHAPE})"),
        Text::CsvOf(_, meaning) => format!("a comma-separated list of {meaning}"),
        Text::Csv => "a comma-separated list without empty entries".into(),
        Text::WsUrl => "a `ws://` or `wss://` URL".into(),
        Text::HttpUrl => "an `http://` or `https://` URL with a host".into(),
        Text::OneOf(_, meaning) => meaning.into(),
        Text::Json => "a string holding valid JSON".into(),
        Text::Pair(_, shape) => format!("`{shape}`, both parts non-blank"),
    }
}

fn kind_rule(kind: &Kind) -> String {
    match kind {
        Kind::Str(text) => text_rule(text),
        Kind::Int(Limit::Any) => "an integer".into(),
        Kind::Int(Limit::OneOf(_, meaning)) => meaning.to_string(),
        Kind::Int(Limit::Range(min, max, unit)) => format!("an integer from {min} to {max}{unit}"),
        Kind::Int(Limit::AtLeast(min, unit)) => format!("an integer, at least {min}{unit}"),
        Kind::NonNegative => "a number, zero or more".into(),
        Kind::Bool => "`true` or `false`".into(),
        Kind::StrOrInt => "a non-blank string or a non-negative integer".into(),
        Kind::Object(_) => "an object with the fields below".into(),
        Kind::ObjectList(_, max) => format!("an array of at most {max} objects with the fields below"),
        Kind::ScalarList => "an array of ids, each a non-blank string or a non-negative integer".into(),
        Kind::StringMap => "an object of string values under non-blank names".into(),
        Kind::StrWhen(text, cases) => cases
            .iter()
            .fold(text_rule(text), |rule, case| format!("{rule}; when {}: {}", case.meaning, text_rule(&case.text))),
    }
}

/// Text for one table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

const PARAM_HEADER: &str = "| Parameter | Type | Required | Rule | Description |\n|---|---|---|---|---|\n";
const FIELD_HEADER: &str = "| Field | Type | Description |\n|---|---|---|\n";

/// One row per parameter of `ty` that `fields` rules; nested fields follow
/// their parent as `parent.child` (`parent[].child` in arrays).
fn param_rows(out: &mut String, types: &Types, ty: &str, fields: &[Field], requires: &[Requires], prefix: &str) {
    let members = types.fields(ty);
    for f in fields {
        let m = members.iter().find(|m| m.name == f.name);
        let m = m.unwrap_or_else(|| panic!("{ty} declares no field `{}`, which its schema rules", f.name));
        let required = match requires.iter().find(|r| r.then == f.name) {
            Some(r) => r.rule.trim_start_matches("is required ").to_string(),
            None if f.required => "yes".into(),
            None => "no".into(),
        };
        let (name, ty, rule, doc) = (f.name, types.ts(&m.ty, "types.md"), cell(&kind_rule(&f.kind)), cell(&m.doc));
        writeln!(out, "| `{prefix}{name}` | {ty} | {required} | {rule} | {doc} |").unwrap();
        match f.kind {
            Kind::Object(inner) => param_rows(out, types, &m.ty, inner, &[], &format!("{prefix}{name}.")),
            Kind::ObjectList(inner, _) => {
                param_rows(out, types, m.ty.trim_end_matches("[]"), inner, &[], &format!("{prefix}{name}[]."))
            }
            _ => {}
        }
    }
}

/// One row per field, optional ones marked `?` as in TypeScript.
fn field_rows(out: &mut String, types: &Types, members: &[&Member], page: &str) {
    for m in members {
        let optional = if m.optional { "?" } else { "" };
        writeln!(out, "| `{}{optional}` | {} | {} |", m.name, types.ts(&m.ty, page), cell(&m.doc)).unwrap();
    }
}

fn call(action: &str, example: &str) -> String {
    format!("```js\nawait AgentSDK.{action}({example});\n```\n")
}

fn operations_md(types: &Types) -> String {
    let mut out = String::from(OPERATIONS_INTRO);
    out.push_str("| Operation | Resolves with | Browser SDK |\n|---|---|---|\n");
    for op in SECTIONS.iter().flat_map(|(_, _, ops)| ops.iter()) {
        let (anchor, resp) = (op.action.to_lowercase(), payload_of(&format!("{}Resp", op.action)));
        let web = if exposed(op.action) { "yes" } else { "not yet" };
        writeln!(out, "| [`{}`](#{anchor}) | `{resp}` | {web} |", op.action).unwrap();
    }

    out.push_str(SETUP_INTRO);
    out.push_str(PARAM_HEADER);
    param_rows(&mut out, types, "SetupConfig", SETUP_SCHEMA.fields, SETUP_SCHEMA.requires, "");
    writeln!(out, "\n{}", call("setup", SETUP_EXAMPLE).replace("await ", "")).unwrap();
    out.push_str(EVENTS_API);

    for (title, note, ops) in SECTIONS {
        writeln!(out, "## {title}\n").unwrap();
        if !note.is_empty() {
            writeln!(out, "{note}\n").unwrap();
        }
        for op in ops.iter() {
            let schema = schema_of(op.action).expect("every section entry is an operation");
            operation(&mut out, types, op, schema);
        }
    }
    out
}

fn operation(out: &mut String, types: &Types, op: &Op, schema: &Schema) {
    let action = op.action;
    let params = params_type(action);
    let resp_event = format!("{action}Resp");
    let resp = payload_of(&resp_event);
    let arg = match schema.fields {
        [] => String::new(),
        fields if fields.iter().any(|f| f.required) => format!("params: {params}"),
        _ => format!("params?: {params}"),
    };
    writeln!(out, "### {action}\n\n`AgentSDK.{action}({arg}): Promise<{resp}>`\n\n{}\n", op.purpose).unwrap();

    if schema.fields.is_empty() {
        out.push_str("Takes no parameters.\n\n");
    } else {
        // The first paragraph of the type's comment names the operation;
        // later ones are notes worth keeping.
        for note in types.get(&params).doc.iter().skip(1) {
            writeln!(out, "{note}\n").unwrap();
        }
        out.push_str(PARAM_HEADER);
        param_rows(out, types, &params, schema.fields, schema.requires, "");
        out.push('\n');
    }

    if resp == "SdkResponse" {
        out.push_str("Resolves with [`SdkResponse`](types.md#sdkresponse): `action`, `code` (0 on success), `message`, `errorCode?`.\n\n");
    } else {
        let d = types.get(resp);
        // The summary sentence repeats the heading.
        let doc = d.doc.join(" ");
        let doc = doc.trim_start_matches(&format!("The `{action}` response.")).trim();
        let text =
            format!("Resolves with `{resp}`: the [`SdkResponse`](types.md#sdkresponse) fields and those below. {doc}");
        writeln!(out, "{}\n", text.trim_end()).unwrap();
        out.push_str(FIELD_HEADER);
        field_rows(out, types, &d.members.iter().collect::<Vec<_>>(), "types.md");
        out.push('\n');
    }
    writeln!(out, "Also emitted as the event `{resp_event}` (`EventType.{}`).\n", constant_of(&resp_event)).unwrap();
    if exposed(action) {
        writeln!(out, "Browser SDK: `AgentSDK.{action}`.\n").unwrap();
    } else {
        out.push_str("Browser SDK: not a method of `AgentSDK` yet; the protocol defines it as above.\n\n");
    }
    writeln!(out, "Example (seed 001):\n\n{}", call(action, op.example)).unwrap();
}

/// Parameter types are named after their action: `login`, `LoginParams`.
fn params_type(action: &str) -> String {
    format!("{}{}Params", action[..1].to_uppercase(), &action[1..])
}

fn events_md(types: &Types) -> String {
    let mut out = String::from(EVENTS_INTRO);
    let (responses, events): (Vec<_>, Vec<_>) = EVENT_TYPES.iter().partition(|(k, _)| k.ends_with("_RESP"));
    out.push_str("| `EventType` constant | Event name | Payload |\n|---|---|---|\n");
    for (constant, name) in &events {
        writeln!(out, "| `{constant}` | [`{name}`](#{}) | `{}` |", name.to_lowercase(), payload_of(name)).unwrap();
    }
    out.push('\n');
    for (constant, name) in &events {
        let d = types.get(payload_of(name));
        writeln!(out, "## {name}\n\n`EventType.{constant}`, payload `{}`\n", d.name).unwrap();
        for (i, p) in d.doc.iter().enumerate() {
            // The summary starts with the event's name, which the heading shows.
            let p = if i == 0 { capitalize(p.trim_start_matches(&format!("`{name}`: "))) } else { p.clone() };
            writeln!(out, "{p}\n").unwrap();
        }
        match &d.alias {
            Some(alias) => writeln!(out, "The payload is `{alias}` besides `eventType`.\n").unwrap(),
            None => {
                out.push_str(FIELD_HEADER);
                writeln!(out, "| `eventType` | `'{name}'` | Always `{name}`. |").unwrap();
                field_rows(&mut out, types, &types.fields(&d.name), "types.md");
                out.push('\n');
            }
        }
    }
    out.push_str(RESPONSES_INTRO);
    out.push_str("| `EventType` constant | Event name | Payload | Operation |\n|---|---|---|---|\n");
    for (constant, name) in &responses {
        let action = name.trim_end_matches("Resp");
        let (payload, anchor) = (payload_of(name), action.to_lowercase());
        writeln!(out, "| `{constant}` | `{name}` | `{payload}` | [`{action}`](operations.md#{anchor}) |").unwrap();
    }
    out
}

fn types_md(types: &Types) -> String {
    let mut out = String::from(TYPES_INTRO);
    for d in types.shared() {
        writeln!(out, "## {}\n", d.name).unwrap();
        for p in &d.doc {
            writeln!(out, "{p}\n").unwrap();
        }
        match &d.alias {
            Some(alias) => writeln!(out, "```ts\ntype {} = {alias};\n```\n", d.name).unwrap(),
            None => {
                out.push_str(FIELD_HEADER);
                field_rows(&mut out, types, &types.fields(&d.name), "");
                out.push('\n');
            }
        }
    }
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Reads a JavaScript object literal of the seed's examples (bare keys,
/// single-quoted strings) as JSON, so the examples can be checked.
fn js_to_json(js: &str) -> serde_json::Value {
    let mut json = String::new();
    let mut chars = js.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                json.push('"');
                for c in chars.by_ref().take_while(|c| *c != '\'') {
                    if c == '"' {
                        json.push_str("\\\"");
                    } else {
                        json.push(c);
                    }
                }
                json.push('"');
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    word.push(c);
                }
                let literal = matches!(word.as_str(), "true" | "false" | "null");
                json.push_str(&if literal { word } else { format!("\"{word}\"") });
            }
            c => json.push(c),
        }
    }
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("not an object literal: {js}: {e}"))
}

const OPERATIONS_INTRO: &str = "\
<!-- Generated by src/protocol/docs.rs from the protocol types; edit those, then run
     `UPDATE_DOCS=1 cargo test --lib docs`. -->

# Operations

Every operation of the `AgentSDK` API, in the order of the vendor's
operations document (seed 001). Parameter tables come from the rules the
SDK checks before sending (`src/protocol/ops/`), types and descriptions
from the TypeScript declarations the package ships.

Conventions:

- Every operation returns a Promise. When the server answers, it
  **resolves** with the response, success or not: `code` is 0 on success,
  non-zero (commonly -1) on failure, with `message` and often `errorCode`
  ([errors.md](../errors.md)).
- A local problem **rejects** with an `AgentSdkError`: parameters that break
  a rule below (`INVALID_PARAMS`, naming the field and the rule), no
  `setup` yet, no session, a timeout. Unknown parameter names are refused
  too, as likely typos.
- Every response is also emitted as the event `<action>Resp`
  ([events.md](events.md#response-events)).
- In the tables, a `?` after a field name marks a field that may be absent.
  Shared types are in [types.md](types.md).
- Browser SDK says whether `AgentSDK` has the method in the current browser
  build. The softphone and supervisor operations are defined, but not
  exposed yet.

";

const SETUP_INTRO: &str = "
## Setup and events

### setup

`AgentSDK.setup(config: SetupConfig): void`

Sets the global configuration; call it once at startup, before any
operation. It throws an `AgentSdkError` (`INVALID_PARAMS`) naming the field
when the configuration breaks a rule.

";

const EVENTS_API: &str = "\
### on, once, off

```ts
AgentSDK.on(eventName: AgentSdkEventName, handler: (event) => void): void
AgentSDK.once(eventName: AgentSdkEventName, handler: (event) => void): void
AgentSDK.off(eventName?: AgentSdkEventName, handler?: (event) => void): void
```

`on` subscribes `handler` to `eventName`, `once` to its next occurrence
only. `off` removes `handler`; without a handler, every handler of
`eventName`; without arguments, every handler. `eventName` must be one of
the `AgentSDK.EventType` values ([events.md](events.md)); anything else
throws an `AgentSdkError` (`INVALID_PARAMS`). A handler that throws is
logged and reported as `sdkError`; the other handlers still run.

Example (seed 001):

```js
const { EventType } = AgentSDK;

const onStatus = (e) => console.log('agentStatus', e);
AgentSDK.on(EventType.AGENT_STATUS, onStatus);
AgentSDK.once(EventType.SESSION_INIT, () => console.log('session init once'));

// Cleanup on unload
AgentSDK.off(EventType.AGENT_STATUS, onStatus);
```

### EventType

`AgentSDK.EventType`: a frozen object of every event constant, e.g.
`AgentSDK.EventType.AGENT_STATUS === 'agentStatus'`
([events.md](events.md)).

### isAgentSdkError

`AgentSDK.isAgentSdkError(value): value is AgentSdkError`, also exported by
the module as `isAgentSdkError`: whether `value` was thrown or rejected by
the SDK ([errors.md](../errors.md)).

";

const EVENTS_INTRO: &str = "\
<!-- Generated by src/protocol/docs.rs from the protocol types; edit those, then run
     `UPDATE_DOCS=1 cargo test --lib docs`. -->

# Events

Every `AgentSDK.EventType` constant, with its event name and payload. The
seed's catalogue (seed 000) plus `sdkError`, the SDK's own report of
problems outside any operation. Subscribe with `AgentSDK.on(name, handler)`
([operations.md](operations.md#on-once-off)).

Every payload carries `eventType`, the event name. Events pushed by the
gateway also carry `seq`, their place in the session's stream; those the
SDK emits itself (such as `reconnectAttempt`, `ping` and `sdkError`) do
not. A `?` after a field name marks a field that may be absent;
shared types are in [types.md](types.md), the values of `state` and
`stateAction` in [state-machine.md](../state-machine.md).

";

const RESPONSES_INTRO: &str = "\
## Response events

Every operation's response is also emitted as the event `<action>Resp`,
with the object its Promise resolves with (fields in
[operations.md](operations.md)).

";

const TYPES_INTRO: &str = "\
<!-- Generated by src/protocol/docs.rs from the protocol types; edit those, then run
     `UPDATE_DOCS=1 cargo test --lib docs`. -->

# Shared types

Types that operations and events share, as the package's TypeScript
declarations name them. A `?` after a field name marks a field that may be
absent. The agent states and their causes are explained in
[state-machine.md](../state-machine.md).

";

fn generated() -> [(&'static str, String); 3] {
    let types = Types::load();
    [
        ("docs/api/operations.md", operations_md(&types)),
        ("docs/api/events.md", events_md(&types)),
        ("docs/api/types.md", types_md(&types)),
    ]
}

#[test]
fn api_reference_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (path, text) in generated() {
        let file = root.join(path);
        if std::fs::read_to_string(&file).is_ok_and(|old| old == text) {
            continue;
        }
        if update {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
        } else {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "these files differ from what the code generates: {}. Run `UPDATE_DOCS=1 cargo test --lib docs` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn sections_list_every_operation_in_seed_order() {
    let listed: Vec<&str> = SECTIONS.iter().flat_map(|(_, _, ops)| ops.iter().map(|op| op.action)).collect();
    let operations: Vec<&str> = OPERATIONS.iter().map(|(action, _)| *action).collect();
    assert_eq!(listed, operations);
}

#[test]
fn seed_examples_pass_their_rules() {
    for op in SECTIONS.iter().flat_map(|(_, _, ops)| ops.iter()) {
        let schema = schema_of(op.action).unwrap();
        let params = if op.example.is_empty() { serde_json::json!({}) } else { js_to_json(op.example) };
        assert_eq!(schema::check(schema, &&params), Ok(()), "{}({})", op.action, op.example);
    }
    assert_eq!(schema::check(&SETUP_SCHEMA, &&js_to_json(SETUP_EXAMPLE)), Ok(()));
    let callback = js_to_json(r#"{ callParams: '{"key":"value"}', on: true }"#);
    assert_eq!(callback, serde_json::json!({ "callParams": "{\"key\":\"value\"}", "on": true }));
}

#[test]
fn every_type_the_reference_needs_is_declared_and_described() {
    let types = Types::load();
    let params = OPERATIONS.iter().filter(|(_, schema)| !schema.fields.is_empty()).map(|(a, _)| params_type(a));
    let payloads = event_map().into_iter().map(|(_, ty)| ty.to_string());
    let mentioned = types.decls.iter().flat_map(|d| d.members.iter().flat_map(|m| type_names(&m.ty).map(String::from)));
    for name in params.chain(payloads).chain(mentioned) {
        types.get(&name);
    }
    for d in &types.decls {
        assert!(!d.doc.is_empty(), "{} has no doc comment", d.name);
        for m in &d.members {
            assert!(!m.doc.is_empty(), "{}.{} has no doc comment", d.name, m.name);
        }
    }
}

#[test]
fn the_declaration_reader_sees_every_part() {
    let d = parse(LoginResponse::DECL);
    assert_eq!((d.name.as_str(), d.extends.as_slice()), ("LoginResponse", &["SdkResponse".to_string()][..]));
    assert!(d.members.iter().any(|m| m.name == "sipPwd" && m.optional && m.ty == "string"));
    let types = Types::load();
    let fields: Vec<&str> = types.fields("LoginResponse").iter().map(|m| m.name.as_str()).collect();
    assert_eq!(fields[..5], ["action", "code", "message", "errorCode", "tenantId"]);
    let blxfer = types.get("BlxferParams");
    assert_eq!(blxfer.doc.len(), 2, "paragraphs stay apart");
    assert!(parse(AgentState::DECL).alias.is_some_and(|a| a.starts_with("\"offline\" | ")));
    let linked = types.ts("Record<string, QueueStatusEntry>", "types.md");
    assert!(linked.ends_with("(see [`QueueStatusEntry`](types.md#queuestatusentry))"), "{linked}");
}

#[test]
fn the_web_layer_is_read_right() {
    for method in ["setup", "on", "off", "isAgentSdkError", "login", "updateBoundEndpoint", "hold", "blxfer"] {
        assert!(exposed(method), "{method} is on AgentSDK, but `exposed` misses it");
    }
}

/// The hand-written guide calls only methods `AgentSDK` has and constants
/// `EventType` has.
#[test]
fn getting_started_uses_the_current_api() {
    let guide = include_str!("../../../docs/getting-started.md");
    let names_after = |prefix: &str| -> Vec<String> {
        guide
            .split(prefix)
            .skip(1)
            .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect())
            .collect()
    };
    for method in names_after("AgentSDK.") {
        // `EventType` is a getter and `ready` belongs to the script-tag global.
        let known = exposed(&method) || method == "EventType" || method == "ready";
        assert!(known, "docs/getting-started.md calls AgentSDK.{method}, which the browser SDK lacks");
    }
    for constant in names_after("EventType.") {
        assert!(EVENT_TYPES.iter().any(|(k, _)| *k == constant), "docs/getting-started.md: no EventType.{constant}");
    }
}

/// docs/README.md links every document of docs/.
#[test]
fn the_index_lists_every_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let index = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut documents = BTreeMap::new();
    for dir in ["", "api"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".md") && name != "README.md" {
                let path = if dir.is_empty() { name } else { format!("{dir}/{name}") };
                documents.insert(path.clone(), index.contains(&format!("]({path})")));
            }
        }
    }
    let missing: Vec<_> = documents.iter().filter(|(_, listed)| !**listed).map(|(p, _)| p).collect();
    assert!(missing.is_empty(), "docs/README.md does not link {missing:?}");
}
