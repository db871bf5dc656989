//! What the reference reads from the code: the TypeScript declarations
//! tsify derives (types, fields and their doc comments), the catalogue's
//! event map, and which methods the web layer exposes.

use super::*;

/// A TypeScript declaration as tsify writes it: an interface or a type alias.
pub(super) struct Decl {
    pub(super) name: String,
    /// Doc comment paragraphs.
    pub(super) doc: Vec<String>,
    /// Interfaces it extends (flattened Rust fields).
    pub(super) extends: Vec<String>,
    /// Its own fields.
    pub(super) members: Vec<Member>,
    /// The aliased type, for a type alias.
    pub(super) alias: Option<String>,
}

pub(super) struct Member {
    pub(super) name: String,
    pub(super) optional: bool,
    pub(super) ty: String,
    pub(super) doc: String,
}

pub(super) fn paragraphs(doc: &str) -> Vec<String> {
    doc.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// Reads a declaration back. tsify writes one member per line, each after
/// its own doc comment, so reading line by line is enough.
pub(super) fn parse(decl: &str) -> Decl {
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
pub(super) struct Types {
    pub(super) decls: Vec<Decl>,
}

impl Types {
    pub(super) fn load() -> Self {
        Self { decls: DECLS.iter().map(|d| parse(d)).collect() }
    }

    pub(super) fn find(&self, name: &str) -> Option<&Decl> {
        self.decls.iter().find(|d| d.name == name)
    }

    pub(super) fn get(&self, name: &str) -> &Decl {
        self.find(name)
            .unwrap_or_else(|| panic!("no declaration of {name}: add it to DECLS in src/protocol/docs/mod.rs"))
    }

    /// Fields of `name`, inherited ones first, as a caller sees them.
    pub(super) fn fields(&self, name: &str) -> Vec<&Member> {
        let d = self.get(name);
        d.extends.iter().flat_map(|base| self.fields(base)).chain(&d.members).collect()
    }

    /// Types other declarations refer to: docs/api/types.md documents them.
    pub(super) fn shared(&self) -> Vec<&Decl> {
        let used: Vec<&str> = self
            .decls
            .iter()
            .flat_map(|d| d.members.iter().flat_map(|m| type_names(&m.ty)).chain(d.extends.iter().map(String::as_str)))
            .collect();
        self.decls.iter().filter(|d| used.contains(&d.name.as_str())).collect()
    }

    /// A TypeScript type for a table cell, with links to the shared types
    /// it names on `page`.
    pub(super) fn ts(&self, ty: &str, page: &str) -> String {
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
pub(super) fn type_names(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(['\'', '"'])
        .step_by(2)
        .flat_map(|part| part.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && *w != "Record")
}

/// `(event name, payload type)` of every entry of the TypeScript event map.
pub(super) fn event_map() -> Vec<(&'static str, &'static str)> {
    EVENT_MAP_TS
        .lines()
        .skip_while(|l| !l.starts_with("export interface AgentSdkEventMap"))
        .skip(1)
        .take_while(|l| *l != "}")
        .filter_map(|l| l.trim().strip_suffix(';')?.split_once(": "))
        .map(|(name, ty)| (name, ty.split(" & ").next().unwrap_or(ty)))
        .collect()
}

pub(super) fn payload_of(event: &str) -> &'static str {
    event_map().into_iter().find(|(n, _)| *n == event).map(|(_, t)| t).expect("every event is in the event map")
}

pub(super) fn constant_of(event: &str) -> &'static str {
    EVENT_TYPES.iter().find(|(_, n)| *n == event).map(|(k, _)| *k).expect("every event has a constant")
}

/// Whether the browser build has the method yet. The web layer compiles for
/// wasm32 only, so its source is read: `api.rs` declares methods as
/// `pub fn <name>(` or with `js_name = <name>`, `operations.rs` as
/// `"<name>" fn`.
pub(super) fn exposed(method: &str) -> bool {
    const API: &str = include_str!("../../web/api.rs");
    const OPERATIONS_RS: &str = include_str!("../../web/operations.rs");
    OPERATIONS_RS.contains(&format!("\"{method}\" fn "))
        || API.contains(&format!("pub fn {method}("))
        || API.contains(&format!("js_name = {method},"))
}
