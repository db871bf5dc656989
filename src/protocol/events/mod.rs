//! Event payloads (seed 000). Each type is the payload without `eventType`;
//! the catalogue adds the tag.

pub mod agent;
pub mod call;
pub mod misc;
pub mod softphone;
pub mod supervisor;
pub mod transfer;

pub use agent::*;
pub use call::*;
pub use misc::*;
pub use softphone::*;
pub use supervisor::*;
pub use transfer::*;
