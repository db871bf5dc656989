//! The load client's command-line options: `--name value` pairs.

/// The `--name value` pairs of `args`, in order.
pub fn pairs(args: &[String]) -> Result<Vec<(&str, &str)>, String> {
    args.chunks(2)
        .map(|pair| match pair {
            [name, value] => Ok((name.as_str(), value.as_str())),
            // The last chunk holds one argument when the count is odd.
            _ => Err(format!("{} needs a value", pair[0])),
        })
        .collect()
}

/// A whole number.
pub fn whole(name: &str, value: &str) -> Result<u64, String> {
    value.parse().map_err(|_| format!("{name} must be a whole number, got '{value}'"))
}

/// Whole numbers separated by commas, growing (steps, counts).
pub fn growing(name: &str, value: &str) -> Result<Vec<usize>, String> {
    let counts: Vec<usize> = value
        .split(',')
        .map(|s| s.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{name} must be whole numbers separated by commas, got '{value}'"))?;
    if counts.is_empty() || counts.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("{name} must grow, got '{value}'"));
    }
    Ok(counts)
}
