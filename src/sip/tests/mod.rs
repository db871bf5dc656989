//! Native tests of the SIP core on a simulated clock.

mod fuzz;
mod parse;
mod registration;
mod support;
mod transaction;
