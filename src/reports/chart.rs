//! The weekly report's picture, drawn by hand into an RGB buffer and saved
//! as PNG: open complaints by step (bars, left) and the average "overall"
//! score per period (a line on a 1–5 scale, right). Numbers only, in a
//! 5×7 pixel font, so the picture reads the same in every language; the
//! message beside it says what is what.

use anyhow::Context as _;

use crate::domain::report::TeamReport;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 400;

type Rgb = [u8; 3];
const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [50, 50, 50];
const GRID: Rgb = [225, 225, 225];
const BAR: Rgb = [52, 101, 164];
const LINE: Rgb = [230, 120, 30];

struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            pixels: WHITE.repeat((WIDTH * HEIGHT) as usize),
        }
    }

    fn dot(&mut self, x: i64, y: i64, c: Rgb) {
        if (0..WIDTH as i64).contains(&x) && (0..HEIGHT as i64).contains(&y) {
            let i = ((y as u32 * WIDTH + x as u32) * 3) as usize;
            self.pixels[i..i + 3].copy_from_slice(&c);
        }
    }

    fn rect(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, c: Rgb) {
        for y in y0.min(y1)..y0.max(y1) {
            for x in x0.min(x1)..x0.max(x1) {
                self.dot(x, y, c);
            }
        }
    }

    /// A line three pixels thick (Bresenham, widened).
    fn line(&mut self, (x0, y0): (i64, i64), (x1, y1): (i64, i64), c: Rgb) {
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            self.rect(x - 1, y - 1, x + 2, y + 2, c);
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// Digits, '.' and '-' at `scale`, top-left at (x, y).
    fn text(&mut self, x: i64, y: i64, text: &str, scale: i64, c: Rgb) {
        for (i, ch) in text.chars().enumerate() {
            let Some(rows) = glyph(ch) else { continue };
            let left = x + i as i64 * 6 * scale;
            for (r, bits) in rows.iter().enumerate() {
                for col in 0..5 {
                    if bits & (0b10000 >> col) != 0 {
                        let (px, py) = (left + col * scale, y + r as i64 * scale);
                        self.rect(px, py, px + scale, py + scale, c);
                    }
                }
            }
        }
    }

    /// Text centred on `cx`.
    fn text_centred(&mut self, cx: i64, y: i64, text: &str, scale: i64, c: Rgb) {
        let width = text.chars().count() as i64 * 6 * scale - scale;
        self.text(cx - width / 2, y, text, scale, c);
    }
}

fn glyph(c: char) -> Option<[u8; 7]> {
    Some(match c {
        '0' => [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
        '1' => [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
        '2' => [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
        '3' => [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
        '4' => [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
        '5' => [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
        '6' => [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
        '7' => [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
        '9' => [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
        '.' => [0, 0, 0, 0, 0, 0x0c, 0x0c],
        '-' => [0, 0, 0, 0x1f, 0, 0, 0],
        _ => return None,
    })
}

/// Plot area of a panel: left, top, right, bottom.
struct Panel(i64, i64, i64, i64);

const TOP: i64 = 50;
const BOTTOM: i64 = 340;

fn bars(c: &mut Canvas, p: &Panel, counts: &[i64; 5]) {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    c.rect(p.0 - 30, 14, p.0 - 14, 30, BAR);
    // Light grid at quarters of the tallest bar.
    for q in 1..=4 {
        let y = p.3 - (p.3 - p.1) * q / 4;
        c.rect(p.0, y, p.2, y + 1, GRID);
    }
    let slot = (p.2 - p.0) / 5;
    for (i, n) in counts.iter().enumerate() {
        let x = p.0 + slot * i as i64;
        let h = (p.3 - p.1) * n / max;
        c.rect(x + slot / 5, p.3 - h, x + slot * 4 / 5, p.3, BAR);
        c.text_centred(x + slot / 2, p.3 - h - 22, &n.to_string(), 2, INK);
        c.text_centred(x + slot / 2, p.3 + 12, &(i + 1).to_string(), 3, INK);
    }
    axes(c, p);
}

fn trend(c: &mut Canvas, p: &Panel, values: &[(String, Option<f64>)]) {
    c.rect(p.0 - 30, 20, p.0 - 14, 24, LINE);
    // The 1–5 scale, a grid line and a tick label per point.
    let y_of = |v: f64| p.3 - ((v - 1.0) / 4.0 * (p.3 - p.1) as f64).round() as i64;
    for v in 1..=5 {
        let y = y_of(v as f64);
        c.rect(p.0, y, p.2, y + 1, GRID);
        c.text(p.0 - 16, y - 7, &v.to_string(), 2, INK);
    }
    let n = values.len().max(1) as i64;
    let slot = (p.2 - p.0) / n;
    let mut points = Vec::new();
    for (i, (tag, value)) in values.iter().enumerate() {
        let x = p.0 + slot * i as i64 + slot / 2;
        c.text_centred(x, p.3 + 12, tag, 1, INK);
        points.push(value.map(|v| (x, y_of(v.clamp(1.0, 5.0)), v)));
    }
    // Lines first, then points and their values on top; a gap breaks the line.
    for pair in points.windows(2) {
        if let [Some((x0, y0, _)), Some((x1, y1, _))] = pair {
            c.line((*x0, *y0), (*x1, *y1), LINE);
        }
    }
    for (x, y, v) in points.into_iter().flatten() {
        c.rect(x - 5, y - 5, x + 6, y + 6, LINE);
        c.text_centred(x, y - 26, &format!("{v:.1}"), 2, INK);
    }
    axes(c, p);
}

fn axes(c: &mut Canvas, p: &Panel) {
    c.rect(p.0, p.1, p.0 + 2, p.3, INK);
    c.rect(p.0, p.3, p.2, p.3 + 2, INK);
}

/// The chart of `report` as PNG bytes.
pub fn render(report: &TeamReport) -> anyhow::Result<Vec<u8>> {
    let mut canvas = Canvas::new();
    bars(
        &mut canvas,
        &Panel(60, TOP, 370, BOTTOM),
        &report.open_by_step,
    );
    let points: Vec<(String, Option<f64>)> = report
        .trend
        .iter()
        .map(|(period, avg)| {
            let tag = period.tag();
            // "2026-11-23" → "11-23"; "2026-11" → "2026-11" stays readable.
            let short = tag.get(5..).filter(|_| tag.len() > 7).unwrap_or(&tag);
            (short.to_string(), *avg)
        })
        .collect();
    trend(&mut canvas, &Panel(450, TOP, 770, BOTTOM), &points);
    encode(&canvas.pixels)
}

fn encode(pixels: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().context("PNG header")?;
    writer.write_image_data(pixels).context("PNG data")?;
    writer.finish().context("PNG end")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_fit_five_columns() {
        for c in "0123456789.-".chars() {
            let rows = glyph(c).unwrap();
            assert!(rows.iter().all(|r| *r < 32), "{c}");
        }
        assert!(glyph('x').is_none());
    }
}
