//! The files reports carry: the chart (a real PNG of a sensible size with
//! something drawn on it) and the CSV export (opens with a standard CSV
//! parser and gives back exactly what was typed, commas, quotes, line
//! breaks and Chinese included).

use rapport::message::{Attachment, Response};

use crate::support::*;

fn files(a: &rapport::commands::Answer) -> Vec<Attachment> {
    match &a.response {
        Response::Message(m) => m.files.clone(),
        Response::Modal(_) => Vec::new(),
    }
}

/// Decodes a PNG: (width, height, RGB pixels).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

fn colour_count(pixels: &[u8], rgb: [u8; 3]) -> usize {
    pixels.chunks(3).filter(|p| *p == rgb).count()
}

on_both_databases!(the_week_report_carries_a_chart);
async fn the_week_report_carries_a_chart(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    for _ in 0..3 {
        b.seed_complaint("angry", "high", "product").await;
    }
    b.ok(
        REP,
        "/score record customer:\"Acme Tools\" overall:4 again:5 recommend:4 to_five:faster delivery",
    )
    .await;
    let a = b.run(MANAGER, "/report week").await;
    assert!(a.committed);
    let text = reply_text(&a);
    assert!(
        text.contains("The chart: open complaints by step"),
        "{text}"
    );
    let chart = files(&a);
    assert_eq!(chart.len(), 1);
    assert_eq!(chart[0].name, "report-2026-11-23.png");
    assert_eq!(chart[0].content_type, "image/png");
    assert!(chart[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (w, h, pixels) = decode_png(&chart[0].bytes);
    assert_eq!((w, h), (800, 400));
    // Three open complaints at step 1 make one tall bar; one score makes one point.
    let bar = colour_count(&pixels, [52, 101, 164]);
    let line = colour_count(&pixels, [230, 120, 30]);
    let white = colour_count(&pixels, [255, 255, 255]);
    assert!(bar > 8_000, "a bar this tall covers many pixels: {bar}");
    assert!(line > 50, "the score point is drawn: {line}");
    assert!(white > (w * h) as usize / 2, "mostly background");

    // With nothing open the bars vanish: the picture follows the data.
    let empty = Bench::on(db).await;
    let a = empty.run(MANAGER, "/report week").await;
    let (_, _, pixels) = decode_png(&files(&a)[0].bytes);
    assert!(colour_count(&pixels, [52, 101, 164]) < 1000);
}

on_both_databases!(the_export_round_trips_awkward_text);
async fn the_export_round_trips_awkward_text(db: Backend) {
    let b = Bench::on(db).await;
    let name = "北方机械, \"North\" Ltd";
    b.ok(
        MANAGER,
        &format!("/customer add name:'{name}' owner:<@101> tier:key"),
    )
    .await;
    let summary = "泵漏水，两周后 \"again\", twice";
    b.ok(
        REP,
        &format!(
            "/complaint new customer:'{name}' summary:'{summary}' category:product severity:high temperament:angry channel:visit details:'line one\nline two, with a comma'"
        ),
    )
    .await;
    b.advance(600);
    b.ok(REP, "/complaint ack id:1").await;
    b.ok(REP, "/complaint step id:1 done:\"安抚, 道歉\" mood:calm")
        .await;
    b.ok(
        REP,
        &format!("/visit log customer:'{name}' met:boss note:'带了 \"样品\", 两台'"),
    )
    .await;
    b.ok(REP, &format!("/score record customer:'{name}' overall:3 again:4 recommend:5 to_five:'快一点, \"真的\"\n谢谢'")).await;

    let refused = b.refused(REP, "/report export").await;
    assert!(refused.contains("Only a manager"), "{refused}");
    let refused = b
        .refused(MANAGER, "/report export from:2026-11-30 until:2026-11-01")
        .await;
    assert!(
        refused.contains("`from` must come before `until`"),
        "{refused}"
    );

    let a = b
        .run(MANAGER, "/report export from:2026-11-01 until:2026-11-30")
        .await;
    assert!(a.committed, "{:?}", a.response);
    let text = reply_text(&a);
    assert!(
        text.contains("1 complaint(s), 1 step record(s), 1 visit(s), 1 score(s)"),
        "{text}"
    );
    let csvs = files(&a);
    let names: Vec<&str> = csvs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["complaints.csv", "steps.csv", "visits.csv", "scores.csv"]
    );
    let read = |i: usize| -> Vec<Vec<String>> {
        let text = String::from_utf8(csvs[i].bytes.clone()).expect("UTF-8");
        let body = text
            .strip_prefix('\u{feff}')
            .expect("a byte-order mark for Excel");
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let mut rows = vec![header];
        rows.extend(
            reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect()),
        );
        rows
    };
    let complaints = read(0);
    assert_eq!(complaints.len(), 2);
    let col = |rows: &Vec<Vec<String>>, name: &str| {
        let i = rows[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"));
        rows[1][i].clone()
    };
    assert_eq!(col(&complaints, "customer"), name);
    assert_eq!(col(&complaints, "summary"), summary);
    assert_eq!(
        col(&complaints, "details"),
        "line one\nline two, with a comma"
    );
    assert_eq!(col(&complaints, "reported_at"), "2026-11-23T10:00:00+00:00");
    assert_eq!(col(&complaints, "hours_to_acknowledge"), "0.17");
    assert_eq!(col(&complaints, "severity"), "high");
    let steps = read(1);
    assert_eq!(col(&steps, "done"), "安抚, 道歉");
    assert_eq!(col(&steps, "mood"), "calm");
    let visits = read(2);
    assert_eq!(col(&visits, "note"), "带了 \"样品\", 两台");
    assert_eq!(col(&visits, "met"), "boss");
    let scores = read(3);
    assert_eq!(col(&scores, "to_five"), "快一点, \"真的\"\n谢谢");
    assert_eq!(col(&scores, "overall"), "3");

    // Outside the range, nothing.
    let a = b
        .run(MANAGER, "/report export from:2026-10-01 until:2026-10-31")
        .await;
    assert!(reply_text(&a).contains("0 complaint(s)"));
    assert_eq!(read_rows(&files(&a)[0]), 1, "just the header");
}

fn read_rows(f: &Attachment) -> usize {
    let text = String::from_utf8_lossy(&f.bytes).to_string();
    csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .count()
        + 1
}
