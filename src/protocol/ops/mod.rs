//! Operation parameters and responses (seed 001), and the parameter rules
//! several sections share.

use crate::protocol::schema::{req, Field, Kind, Limit, Text};

/// Declares an operation that takes no parameters: it sends `{}` and rejects
/// any field, so a misspelt option is caught instead of silently dropped.
macro_rules! no_params_operation {
    ($(#[$doc:meta])* $name:ident = $action:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub crate::protocol::rules::NoParams);

        impl crate::protocol::rules::Operation for $name {
            const ACTION: &'static str = $action;
            const SCHEMA: crate::protocol::schema::Schema = crate::protocol::schema::NO_PARAMS;
        }
    };
}

pub mod agent;
pub mod call;
pub mod registry;
pub mod softphone;
pub mod supervisor;
pub mod transfer;

pub use agent::*;
pub use call::*;
pub use softphone::*;
pub use supervisor::*;
pub use transfer::*;

/// Most channel variables a call accepts.
pub const MAX_CHAN_VARIABLES: usize = 5;

/// The fields of a `ChannelVariable`.
pub const CHANNEL_VARIABLE: &[Field] = &[
    req("name", Kind::Str(Text::NonEmpty)),
    req("value", Kind::Str(Text::Any)),
    req(
        "type",
        Kind::Int(Limit::OneOf(
            &[1, 2, 3, 4],
            "1 (channel variable), 2 (SIP header), 3 (${} variable) or 4 (${} SIP header)",
        )),
    ),
];

/// Channel variables as `chanVariables`, `blxferVariables` and the like take
/// them.
pub const CHAN_VARIABLES: Kind = Kind::ObjectList(CHANNEL_VARIABLE, MAX_CHAN_VARIABLES);
