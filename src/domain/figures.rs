//! The few statistics reports use, with their methods stated so a manager
//! can check a figure by hand.
//!
//! - median: the middle value of the sorted list; with an even count, the
//!   mean of the two middle values.
//! - p90: nearest rank. Sort ascending; the value at rank ⌈0.9 × n⌉
//!   (1-based). It is always a value that occurred: with 10 values, the 9th;
//!   with 11, the 10th; with 1, that one.

/// The median of `values`, `None` when there are none.
pub fn median(values: &[i64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0),
    }
}

/// The nearest-rank `pct`-th percentile (0 < pct ≤ 100).
pub fn percentile(values: &[i64], pct: u32) -> Option<i64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // ⌈pct × n / 100⌉ in integers, at least rank 1.
    let rank = (pct as usize * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}

pub fn p90(values: &[i64]) -> Option<i64> {
    percentile(values, 90)
}

pub fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64)
}

/// How many of `scores` were 1, 2, 3, 4 and 5; anything else is ignored.
pub fn distribution(scores: &[i64]) -> [i64; 5] {
    let mut out = [0; 5];
    for s in scores {
        if (1..=5).contains(s) {
            out[(*s - 1) as usize] += 1;
        }
    }
    out
}

/// Rounds to one decimal, the precision reports show.
pub fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&[600, 3600, 7200, 86_400]), Some(5400.0));
    }

    #[test]
    fn p90_is_nearest_rank() {
        assert_eq!(p90(&[]), None);
        assert_eq!(p90(&[42]), Some(42));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(p90(&ten), Some(9), "rank ceil(9.0) = 9");
        let eleven: Vec<i64> = (1..=11).rev().collect();
        assert_eq!(p90(&eleven), Some(10), "rank ceil(9.9) = 10");
        assert_eq!(p90(&[5, 1, 3]), Some(5), "rank ceil(2.7) = 3");
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 100), Some(10));
    }

    #[test]
    fn means_and_distributions() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[4, 5, 3]), Some(4.0));
        assert_eq!(distribution(&[5, 5, 4, 1, 0, 6]), [1, 0, 0, 1, 2]);
        assert_eq!(one_decimal(4.26), 4.3);
        assert_eq!(one_decimal(11.0 / 3.0), 3.7);
    }
}
