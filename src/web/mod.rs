//! The browser glue (wasm32 only): moves bytes, timers and callbacks between
//! the page and the sans-IO core. Decisions live in `core`.
//!
//! Everything reachable from here ships in the wasm bundle, which has a
//! budget (bench/budget.json). What it costs most, and so what the code
//! reachable from here avoids: serde_json (its parser or serialiser and the
//! BTreeMap behind `Value`; JS objects are built member by member, JSON text
//! by `schema::json::quote`, checked by `schema::json::is_json`), `HashMap`
//! and `BTreeMap` (small vectors do: `core::id_map`), and formatting floats
//! in Rust (numbers go to JS as numbers).

mod api;
mod convert;
mod devices;
mod emitter;
mod error;
mod log;
mod observability;
mod operations;
mod runtime;
mod socket;
mod softphone;
mod timer;

pub use api::AgentSdk;
pub use error::is_agent_sdk_error;
