//! The SIP user agent core of the softphone: RFC 3261 over WebSocket (RFC
//! 7118), sans-IO.
//!
//! - [`message`], [`parse`], [`print`], [`headers`], [`uri`]: the message
//!   model, its parser and printer, typed header readers, SIP URIs.
//! - [`digest`]: HTTP Digest (MD5, MD5-sess).
//! - [`transaction`]: client and server transactions for a reliable
//!   transport, and the 2xx retransmission schedule.
//! - [`registration`], [`dialog`], [`sdp`]: registration, dialog state, the
//!   bits of SDP call control reads.
//! - [`UserAgent`]: everything together behind `handle_input` /
//!   `poll_output` / `poll_timeout`.
//!
//! Nothing here reads a clock, draws its own randomness or does IO: time
//! comes in as milliseconds, randomness as a seed, frames as `&str`.

pub mod build;
mod call;
pub mod config;
pub mod dialog;
pub mod digest;
pub mod headers;
pub mod io;
pub mod md5;
pub mod message;
pub mod parse;
pub mod print;
pub mod registration;
mod reinvite;
pub mod rng;
pub mod sdp;
pub mod syntax;
pub mod transaction;
pub mod ua;
pub mod uri;

#[cfg(test)]
mod tests;

pub use config::Config;
pub use io::{Command, CommandError, Event, Input, Output};
pub use message::{Header, Message, StartLine};
pub use parse::{parse, ParseError};
pub use transaction::Timers;
pub use ua::UserAgent;
