//! Sans-IO session logic: no clock, no socket, no task. Inputs in, outputs
//! out.
