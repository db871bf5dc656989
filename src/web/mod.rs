//! The browser glue (wasm32 only): moves bytes, timers and callbacks between
//! the page and the sans-IO core. Decisions live in `core`.

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
