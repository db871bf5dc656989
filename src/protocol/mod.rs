//! Wire types of protocol v1, shared by the SDK, the gateway and the
//! generated TypeScript. Field names are exactly those of the seed documents.

pub mod business;
pub mod catalogue;
pub mod common;
pub mod events;
pub mod frame;
pub mod ops;
pub mod rules;
pub mod schema;
pub mod setup;
pub mod typescript;

/// The API reference in docs/api/, generated from these types and checked
/// against the committed files.
#[cfg(test)]
mod docs;
#[cfg(test)]
mod tests;

pub use catalogue::{Event, EVENT_TYPES};
pub use common::*;
pub use rules::{Invalid, Operation};
