//! Sans-IO session logic: no clock, no socket, no task. Inputs in, outputs
//! out.

pub mod emitted;
pub mod error;
pub mod heartbeat;
pub mod id_map;
pub mod ids;
pub mod observability;
pub mod params;
pub mod phone;
pub mod quality;
pub mod reconnect;
pub mod redact;
pub mod session;

#[cfg(test)]
mod phone_tests;
#[cfg(test)]
mod session_tests;

pub use error::{ErrorCode, SdkError};
pub use session::{Inbound, LoginTarget, Output, Session};
