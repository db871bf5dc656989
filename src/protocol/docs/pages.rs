//! The three pages of docs/api/: operations, events and types.

use super::*;

pub(super) fn call(action: &str, example: &str) -> String {
    format!("```js\nawait AgentSDK.{action}({example});\n```\n")
}

pub(super) fn operations_md(types: &Types) -> String {
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

pub(super) fn operation(out: &mut String, types: &Types, op: &Op, schema: &Schema) {
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
pub(super) fn params_type(action: &str) -> String {
    format!("{}{}Params", action[..1].to_uppercase(), &action[1..])
}

pub(super) fn events_md(types: &Types) -> String {
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

pub(super) fn types_md(types: &Types) -> String {
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

pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Reads a JavaScript object literal of the seed's examples (bare keys,
/// single-quoted strings) as JSON, so the examples can be checked.
pub(super) fn js_to_json(js: &str) -> serde_json::Value {
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
