//! The reference is current, and the tables it is made from agree with the
//! code.

use super::*;

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
