//! Event payloads (seed 000). Each type is the payload without `eventType`;
//! the catalogue adds the tag.

pub mod agent;

pub use agent::*;
