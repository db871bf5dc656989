//! What the load client reads about a process from /proc: its CPU time and
//! resident memory.

/// utime + stime of a process, in clock ticks (/proc/PID/stat).
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: fields are counted after its ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Resident memory of a process (VmRSS in /proc/PID/status).
pub fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// Linux counts CPU time in ticks of 1/100 s (USER_HZ) on every platform
/// this runs on.
pub fn ticks_per_second() -> f64 {
    100.0
}

/// CPU use between two [`cpu_ticks`] readings `secs` apart, in percent of
/// one core (200 % is the whole of a 2-core machine).
pub fn cpu_percent(before: Option<u64>, after: Option<u64>, secs: f64) -> Option<f64> {
    before.zip(after).map(|(b, a)| a.saturating_sub(b) as f64 / ticks_per_second() / secs * 100.0)
}
