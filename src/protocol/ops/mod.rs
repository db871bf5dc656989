//! Operation parameters and responses (seed 001).

pub mod agent;

pub use agent::*;
