//! Engine tests on a simulated clock.
