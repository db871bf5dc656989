//! The E-model (ITU-T G.107) reduced to what a browser can measure: one-way
//! delay, jitter and packet loss give an R-factor, and the R-factor a mean
//! opinion score.
//!
//! Simplifications, each the usual one for a live estimate:
//! - Every default of G.107 stays at its default, so `Ro - Is = 93.2` and
//!   the advantage factor `A = 0`.
//! - The delay impairment is Cole and Rosenbluth's fit of G.107's `Id`
//!   (ACM SIGCOMM CCR 31(2), 2001): `0.024 d + 0.11 (d - 177.3) H(d - 177.3)`.
//! - The one-way mouth-to-ear delay `d` is half the round trip, plus a
//!   jitter buffer of twice the jitter, plus one 20 ms Opus frame.
//! - G.113 has no narrowband `Ie`/`Bpl` pair for Opus. We use G.711 with
//!   packet-loss concealment (G.113 Appendix I: `Ie = 0`, `Bpl = 25.1`) and
//!   random loss (`BurstR = 1`): Opus at WebRTC's bitrates codes speech at
//!   least as well as G.711 and conceals loss at least as well, so the
//!   estimate errs low, never high.

/// `Ro - Is` with G.107's default values.
const R_BASE: f64 = 93.2;
/// Equipment impairment of the codec.
pub const IE: f64 = 0.0;
/// Packet-loss robustness of the codec.
pub const BPL: f64 = 25.1;
/// One Opus frame, the packetisation delay.
const FRAME_MS: f64 = 20.0;

/// The one-way delay (ms) the model assumes for a round trip and a jitter.
pub fn one_way_delay_ms(rtt_ms: f64, jitter_ms: f64) -> f64 {
    rtt_ms.max(0.0) / 2.0 + 2.0 * jitter_ms.max(0.0) + FRAME_MS
}

/// The R-factor for a round trip (ms), a jitter (ms) and a loss (0 to 1).
pub fn r_factor(rtt_ms: f64, jitter_ms: f64, loss: f64) -> f64 {
    let d = one_way_delay_ms(rtt_ms, jitter_ms);
    let id = 0.024 * d + if d > 177.3 { 0.11 * (d - 177.3) } else { 0.0 };
    let ppl = loss.clamp(0.0, 1.0) * 100.0;
    let ie_eff = IE + (95.0 - IE) * ppl / (ppl + BPL);
    R_BASE - id - ie_eff
}

/// G.107's mapping of an R-factor to a mean opinion score, 1 to 4.5. The
/// cubic dips a little under 1 for R below about 6.5; it is held at 1.
pub fn mos_of_r(r: f64) -> f64 {
    if r <= 0.0 {
        1.0
    } else if r >= 100.0 {
        4.5
    } else {
        (1.0 + 0.035 * r + 7.0e-6 * r * (r - 60.0) * (100.0 - r)).max(1.0)
    }
}

/// The estimated mean opinion score, rounded to two decimals.
pub fn mos(rtt_ms: f64, jitter_ms: f64, loss: f64) -> f64 {
    (mos_of_r(r_factor(rtt_ms, jitter_ms, loss)) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_factor_mapping_follows_g107() {
        // G.107's own landmarks: R 93.2 is about 4.41, R 50 about 2.58, and
        // the curve is pinned at both ends.
        let table = [(-5.0, 1.0), (0.0, 1.0), (50.0, 2.575), (70.0, 3.5966), (93.2, 4.4094), (100.0, 4.5)];
        for (r, expected) in table {
            assert!((mos_of_r(r) - expected).abs() < 1e-3, "R {r}: {} vs {expected}", mos_of_r(r));
        }
    }

    #[test]
    fn scores_by_network_condition() {
        // (rtt ms, jitter ms, loss, lowest and highest acceptable MOS)
        let table = [
            (2.0, 0.5, 0.0, 4.35, 4.41),   // loopback
            (60.0, 5.0, 0.0, 4.3, 4.4),    // a good WAN path
            (60.0, 5.0, 0.01, 4.2, 4.35),  // 1 % loss
            (60.0, 5.0, 0.05, 3.75, 3.95), // 5 % loss
            (400.0, 30.0, 0.0, 3.7, 3.95), // long delay: past the 177 ms knee
            (800.0, 60.0, 0.0, 1.9, 2.3),  // satellite-like, with a deep buffer
            (200.0, 40.0, 0.2, 2.0, 2.4),  // a fifth of the packets lost
            (0.0, 0.0, 1.0, 1.0, 1.25),    // nothing arrives
        ];
        for (rtt, jitter, loss, low, high) in table {
            let m = mos(rtt, jitter, loss);
            assert!((low..=high).contains(&m), "rtt {rtt} jitter {jitter} loss {loss}: {m}");
        }
    }

    #[test]
    fn worse_conditions_never_score_better() {
        let mut last = f64::INFINITY;
        for step in 0..50 {
            let s = f64::from(step);
            let m = mos(20.0 * s, 2.0 * s, 0.004 * s);
            assert!(m <= last, "step {step}: {m} > {last}");
            last = m;
        }
    }

    #[test]
    fn nonsense_inputs_stay_in_range() {
        for (rtt, jitter, loss) in [(-1.0, -1.0, -1.0), (1e9, 1e9, 5.0), (f64::MAX, 0.0, 0.0)] {
            let m = mos(rtt, jitter, loss);
            assert!((1.0..=4.5).contains(&m), "{m}");
        }
    }
}
