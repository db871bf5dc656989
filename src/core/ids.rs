//! Identifiers the SDK makes up on the caller's behalf.

/// A `requestUniqueId` for operations that carry one: the time in ms and 32
/// random bits, both in hex, so ids sort by time and two desks starting in
/// the same millisecond still differ.
pub fn request_unique_id(now_ms: u64, random: u32) -> String {
    format!("sdk-{now_ms:x}-{random:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_and_uniqueness() {
        assert_eq!(request_unique_id(0x18c2f3a4b5c, 0xbeef), "sdk-18c2f3a4b5c-0000beef");
        assert_ne!(request_unique_id(1, 1), request_unique_id(1, 2));
    }
}
