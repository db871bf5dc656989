//! Native tests of the SIP core on a simulated clock.

mod call;
mod dialog;
mod fuzz;
mod parse;
mod registration;
mod reinvite;
mod support;
mod transaction;
