//! What the gateway makes of a phone number: whether it can be dialled,
//! whether it is a mobile, its area code, and the channel names of legs.

use agent_sdk::protocol::BindEndpoint;

use crate::calls::call::Party;
use crate::calls::settings::CallSettings;
use crate::errors::Refusal;

/// The digits after an optional `+` and China's country code.
fn national(number: &str) -> &str {
    let digits = number.trim().trim_start_matches('+');
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() >= 11 => rest,
        _ => digits,
    }
}

/// Whether an outside number may be dialled: numbers starting with `000`
/// are well formed but reach nothing (20102); blacklisted ones are refused
/// (20031).
pub fn check_dialable(number: &str, settings: &CallSettings) -> Result<(), Refusal> {
    if number.trim().trim_start_matches('+').starts_with("000") {
        return Err(Refusal::bad_tel());
    }
    let listed = settings.blacklist.iter().any(|b| national(b) == national(number));
    if listed {
        return Err(Refusal::restrict_tel());
    }
    Ok(())
}

/// 1 for a mobile number (11 digits starting with 1), else 0 (landline).
pub fn number_type(number: &str) -> i64 {
    let n = national(number);
    i64::from(n.len() == 11 && n.starts_with('1') && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The area code of a landline (`010`, `021`, `0571`...); empty for
/// mobiles and anything else.
pub fn area_code(number: &str) -> String {
    let n = national(number);
    if !n.starts_with('0') || n.len() < 7 {
        return String::new();
    }
    let len = if matches!(n.as_bytes().get(1), Some(b'1' | b'2')) { 3 } else { 4 };
    n[..len].to_string()
}

/// An Asterisk-style channel name for a leg: `SIP/<peer>-<8 hex digits>`.
pub fn channel(party: &Party, endpoint: Option<&BindEndpoint>, serial: u64) -> String {
    let peer = match (party, endpoint) {
        (Party::Extension(ext), _) => ext.clone(),
        (Party::Agent(_), Some(e)) if e.endpoint_type == 2 => e.endpoint.clone(),
        (Party::Agent(no), Some(e)) if e.endpoint_type == 3 => format!("webrtc-{no}"),
        (Party::Agent(no), None) => format!("agent-{no}"),
        _ => "pstn-trunk".to_string(),
    };
    format!("SIP/{peer}-{serial:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialable_numbers() {
        let settings = CallSettings { blacklist: vec!["13900000000".into()], ..CallSettings::default() };
        assert_eq!(check_dialable("13800138000", &settings), Ok(()));
        assert_eq!(check_dialable("0001234", &settings).unwrap_err().error_code, 20102);
        assert_eq!(check_dialable("+0001234", &settings).unwrap_err().error_code, 20102);
        assert_eq!(check_dialable("13900000000", &settings).unwrap_err().error_code, 20031);
        assert_eq!(check_dialable("+8613900000000", &settings).unwrap_err().error_code, 20031);
    }

    #[test]
    fn number_kinds_and_area_codes() {
        assert_eq!((number_type("13800138000"), area_code("13800138000")), (1, String::new()));
        assert_eq!((number_type("+8613800138000"), number_type("02150001000")), (1, 0));
        assert_eq!(area_code("02150001000"), "021");
        assert_eq!(area_code("01088886666"), "010");
        assert_eq!(area_code("057188886666"), "0571");
        assert_eq!(area_code("8001"), "");
    }

    #[test]
    fn channel_names() {
        let ext = BindEndpoint { endpoint_type: 2, endpoint: "8001".into() };
        let phone = BindEndpoint { endpoint_type: 3, endpoint: "x".into() };
        assert_eq!(channel(&Party::Agent("0001".into()), Some(&ext), 26), "SIP/8001-0000001a");
        assert_eq!(channel(&Party::Agent("0001".into()), Some(&phone), 1), "SIP/webrtc-0001-00000001");
        assert_eq!(channel(&Party::Customer("138".into()), None, 255), "SIP/pstn-trunk-000000ff");
        assert_eq!(channel(&Party::Extension("8003".into()), None, 2), "SIP/8003-00000002");
    }
}
