//! A STUN binding responder (RFC 5389 section 7.3), the `webrtcStunServer`
//! of softphone logins: it tells a browser the address its request came
//! from, which is all a browser asks of a STUN server. No authentication,
//! no other methods; anything else is dropped.

use std::net::{IpAddr, SocketAddr};

use tokio::net::UdpSocket;
use tokio::sync::watch;

const MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xa4, 0x42];
const BINDING_REQUEST: [u8; 2] = [0x00, 0x01];
const BINDING_SUCCESS: [u8; 2] = [0x01, 0x01];
const XOR_MAPPED_ADDRESS: [u8; 2] = [0x00, 0x20];

/// The success response to a binding request from `from`; `None` for
/// anything that is not a well-formed binding request.
pub fn respond(request: &[u8], from: SocketAddr) -> Option<Vec<u8>> {
    let header = request.get(..20)?;
    let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
    if header[..2] != BINDING_REQUEST || header[4..8] != MAGIC_COOKIE || request.len() != 20 + length {
        return None;
    }
    let transaction = &header[8..20];
    let port = from.port() ^ 0x2112;
    let mut value = vec![0x00];
    match from.ip() {
        IpAddr::V4(ip) => {
            value.push(0x01);
            value.extend_from_slice(&port.to_be_bytes());
            value.extend(ip.octets().iter().zip(MAGIC_COOKIE).map(|(a, k)| a ^ k));
        }
        IpAddr::V6(ip) => {
            value.push(0x02);
            value.extend_from_slice(&port.to_be_bytes());
            let key = MAGIC_COOKIE.iter().chain(transaction);
            value.extend(ip.octets().iter().zip(key).map(|(a, k)| a ^ k));
        }
    }
    let mut out = Vec::with_capacity(20 + 4 + value.len());
    out.extend_from_slice(&BINDING_SUCCESS);
    out.extend_from_slice(&u16::try_from(4 + value.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&MAGIC_COOKIE);
    out.extend_from_slice(transaction);
    out.extend_from_slice(&XOR_MAPPED_ADDRESS);
    out.extend_from_slice(&u16::try_from(value.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&value);
    Some(out)
}

/// Answers binding requests on `socket` until `stop` turns true.
pub async fn serve(socket: UdpSocket, mut stop: watch::Receiver<bool>) {
    let mut buf = vec![0u8; 1500];
    loop {
        tokio::select! {
            received = socket.recv_from(&mut buf) => {
                let Ok((n, from)) = received else { continue };
                if let Some(reply) = buf.get(..n).and_then(|r| respond(r, from)) {
                    let _ = socket.send_to(&reply, from).await;
                }
            }
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_request_gets_the_xor_mapped_address() {
        // RFC 5769 section 2.1 transaction id; no attributes.
        let mut request = vec![0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42];
        request.extend_from_slice(&[0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae]);
        let from: SocketAddr = "192.0.2.1:32853".parse().unwrap();
        let reply = respond(&request, from).unwrap();
        // RFC 5769 section 2.2's mapped address, XORed the same way.
        assert_eq!(&reply[..2], &[0x01, 0x01]);
        assert_eq!(&reply[8..20], &request[8..20]);
        assert_eq!(&reply[20..], &[0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43]);

        let v6: SocketAddr = "[2001:db8:1234:5678:11:2233:4455:6677]:32853".parse().unwrap();
        let reply = respond(&request, v6).unwrap();
        assert_eq!(u16::from_be_bytes([reply[2], reply[3]]), 24);
        assert_eq!(&reply[24..28], &[0x00, 0x02, 0xa1, 0x47]);
        assert_eq!(&reply[28..32], &[0x01, 0x13, 0xa9, 0xfa]);

        for bad in [&request[..19], &[0u8; 20][..], &[&request[..], &[0, 0, 0, 0]].concat()[..]] {
            assert!(respond(bad, from).is_none());
        }
    }
}
