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

/// Horizontal bars, one per label, with the value written at the end:
/// for counts by category.
pub fn bars(title: &str, rows: &[(String, f64)]) -> Markup {
    let (row_h, label_w, top) = (28.0, 140.0, 36.0);
    let height = top + row_h * rows.len().max(1) as f64 + 28.0;
    let max = rows.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0);
    // Counts: whole ticks only.
    let step = tick_step(max, 4.0).max(1.0);
    let top_value = (max / step).ceil() * step;
    let plot_w = WIDTH - label_w - RIGHT - 30.0;
    let x = |v: f64| label_w + v / top_value * plot_w;
    let ticks: Vec<f64> = (0..=((top_value / step).round() as i64))
        .map(|i| i as f64 * step)
        .collect();
    let bottom = top + row_h * rows.len().max(1) as f64;
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) } role="img" aria-label=(title) {
                title { (title) }
                text.chart-title x="8" y="22" { (title) }
                @for t in &ticks {
                    line.grid x1=(x(*t)) x2=(x(*t)) y1=(top) y2=(bottom) {}
                    text.tick x=(x(*t)) y=(bottom + 16.0) text-anchor="middle" { (format!("{t}")) }
                }
                @for (i, (label, value)) in rows.iter().enumerate() {
                    @let y = top + i as f64 * row_h;
                    text.legend x=(label_w - 8.0) y=(y + row_h * 0.65) text-anchor="end" { (label) }
                    rect.bar-ack x=(label_w) y=(y + 4.0) width=(x(*value) - label_w) height=(row_h - 8.0) {}
                    text.tick x=(x(*value) + 4.0) y=(y + row_h * 0.65) { (format!("{value}")) }
                }
                line.axis-line x1=(label_w) x2=(label_w) y1=(top) y2=(bottom) {}
            }
        }
    }
}

/// The three score questions over time, 1 to 5, oldest first: one line
/// each, labelled by the date of each score.
pub fn scores(lang: Lang, points: &[(String, [i64; 3])]) -> Markup {
    let w = |x| word(lang, x);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let y = |v: i64| TOP + plot_h - (v - 1) as f64 / 4.0 * plot_h;
    let slot = plot_w / points.len().max(1) as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let line = |k: usize| {
        points
            .iter()
            .enumerate()
            .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(v[k])))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let series = [
        ("overall", Word::Overall),
        ("again", Word::BuyAgain),
        ("recommend", Word::Recommend),
    ];
    let title = w(Word::ScoreTrend);
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(title) id="score-chart" {
                title { (title) }
                text.chart-title x=(LEFT) y="22" { (title) }
                @for (k, (class, label)) in series.iter().enumerate() {
                    rect class={ "legend-" (class) } x=(LEFT + 200.0 * k as f64) y="32" width="12" height="12" {}
                    text.legend x=(LEFT + 200.0 * k as f64 + 18.0) y="42" { (w(*label)) }
                }
                @for v in 1..=5 {
                    line.grid x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(v)) y2=(y(v)) {}
                    text.tick x=(LEFT - 6.0) y=(y(v) + 4.0) text-anchor="end" { (v) }
                }
                @for (k, (class, _)) in series.iter().enumerate() {
                    polyline class={ "line-" (class) } points=(line(k)) {}
                }
                @for (i, (label, _)) in points.iter().enumerate() {
                    text.tick x=(x(i)) y=(HEIGHT - BOTTOM + 16.0) text-anchor="middle" { (label) }
                }
                line.axis-line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(TOP + plot_h) y2=(TOP + plot_h) {}
                text.axis x=(LEFT + plot_w / 2.0) y=(HEIGHT - 6.0) text-anchor="middle" { (w(Word::When)) }
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
