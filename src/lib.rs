//! Agent SDK: a contact-center agent desk SDK for the web.
//!
//! - [`protocol`]: wire types shared with the gateway and the TypeScript
//!   typings.
//! - [`core`]: sans-IO session logic, tested natively on a simulated clock.
//! - `web` (wasm32 only): the `AgentSDK` class and the browser glue.
#![deny(missing_docs)]

pub mod core;
pub mod protocol;
pub mod sip;

#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use web::{is_agent_sdk_error, AgentSdk};
