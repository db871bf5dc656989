//! Native tests of the SIP core on a simulated clock.

mod fuzz;
mod parse;
mod support;
