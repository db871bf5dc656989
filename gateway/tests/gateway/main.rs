//! The gateway over real sockets: a native WebSocket client against the
//! server started in-process on 127.0.0.1, port 0.

mod agent_ops;
mod bridge;
mod calls_consult;
mod calls_inbound;
mod calls_outbound;
mod calls_transfer;
mod faults;
mod frames;
mod http;
mod login;
mod phone;
mod process;
mod resume;
mod security;
mod softphone;
mod support;
