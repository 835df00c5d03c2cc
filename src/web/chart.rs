//! The weekly times as an SVG bar chart: a plain template with real axis
//! labels, a title and a legend in the server's language. Colours come from
//! the stylesheet's classes (no inline style, for the CSP); the same
//! figures are in the table beside it.

use maud::{Markup, html};

use crate::i18n::Lang;
use crate::i18n::web::{Word, word};
use crate::reports::dashboard::Week;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 44.0;

/// A round step for `ticks` ticks up to at least `max`.
fn tick_step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(0.1);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

pub fn weekly(lang: Lang, weeks: &[Week]) -> Markup {
    let w = |x| word(lang, x);
    let hours = |s: Option<f64>| s.map_or(0.0, |s| s / 3600.0);
    let series: Vec<(String, f64, f64)> = weeks
        .iter()
        .map(|wk| {
            (
                wk.period.first_day.format("%m-%d").to_string(),
                hours(wk.to_acknowledge.median),
                hours(wk.to_resolve.median),
            )
        })
        .collect();
    let max = series
        .iter()
        .map(|(_, a, r)| a.max(*r))
        .fold(0.0, f64::max)
        .max(1.0);
    let step = tick_step(max, 4.0);
    let top = (max / step).ceil() * step;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let y = |v: f64| TOP + plot_h - v / top * plot_h;
    let slot = plot_w / series.len().max(1) as f64;
    let bar = (slot * 0.35).max(1.0);
    let ticks: Vec<f64> = (0..=((top / step).round() as i64))
        .map(|i| i as f64 * step)
        .collect();
    let title = format!(
        "{} ({} {})",
        w(Word::WeeklyTimes),
        w(Word::Median),
        w(Word::Hours)
    );
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(title) id="weekly-chart" {
                title { (title) }
                text.chart-title x=(LEFT) y="22" { (title) }
                rect.legend-ack x=(LEFT) y="32" width="12" height="12" {}
                text.legend x=(LEFT + 18.0) y="42" { (w(Word::ToAcknowledge)) }
                rect.legend-resolve x=(LEFT + 180.0) y="32" width="12" height="12" {}
                text.legend x=(LEFT + 198.0) y="42" { (w(Word::ToResolve)) }
                @for t in &ticks {
                    line.grid x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(*t)) y2=(y(*t)) {}
                    text.tick x=(LEFT - 6.0) y=(y(*t) + 4.0) text-anchor="end" { (format!("{t}")) }
                }
                text.axis x="14" y=(TOP + plot_h / 2.0) transform={ "rotate(-90 14 " (TOP + plot_h / 2.0) ")" } text-anchor="middle" { (w(Word::Hours)) }
                @for (i, (label, ack, resolve)) in series.iter().enumerate() {
                    @let x = LEFT + i as f64 * slot + slot * 0.15;
                    rect.bar-ack x=(x) y=(y(*ack)) width=(bar) height=(TOP + plot_h - y(*ack)) {}
                    rect.bar-resolve x=(x + bar) y=(y(*resolve)) width=(bar) height=(TOP + plot_h - y(*resolve)) {}
                    text.tick x=(x + bar) y=(HEIGHT - BOTTOM + 16.0) text-anchor="middle" { (label) }
                }
                line.axis-line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(TOP + plot_h) y2=(TOP + plot_h) {}
                text.axis x=(LEFT + plot_w / 2.0) y=(HEIGHT - 6.0) text-anchor="middle" { (w(Word::Week)) }
            }
            figcaption { (w(Word::ChartAlt)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(10.0, 4.0), 5.0);
        assert_eq!(tick_step(3.0, 4.0), 1.0);
        assert_eq!(tick_step(120.0, 4.0), 50.0);
    }
}
