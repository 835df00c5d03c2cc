//! `/report export`: four CSV files (complaints, step records, visits,
//! scores) for a spreadsheet or a CRM. UTF-8 with a byte-order mark, so
//! Excel opens Chinese text correctly; column names are stable English
//! keys and coded values stay codes, so imports do not depend on language.
//! Times are RFC 3339 in the server's zone.

use std::collections::HashMap;

use chrono::TimeZone;
use chrono_tz::Tz;

use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::steps::StepRecord;
use crate::message::Attachment;
use crate::store::{Conn, exports};

pub const BOM: &str = "\u{feff}";

pub struct Export {
    pub files: Vec<Attachment>,
    pub complaints: usize,
    pub steps: usize,
    pub visits: usize,
    pub scores: usize,
}

fn time(tz: Tz, t: Timestamp) -> String {
    tz.timestamp_opt(t, 0)
        .single()
        .map_or_else(|| t.to_string(), |d| d.to_rfc3339())
}

fn maybe_time(tz: Tz, t: Option<Timestamp>) -> String {
    t.map(|t| time(tz, t)).unwrap_or_default()
}

fn hours(from: Timestamp, to: Option<Timestamp>) -> String {
    to.map(|to| format!("{:.2}", (to - from) as f64 / 3600.0))
        .unwrap_or_default()
}

/// Writes `rows` under `header` as one CSV file.
pub fn csv_file(name: &str, header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<Attachment> {
    let mut writer = csv::Writer::from_writer(BOM.as_bytes().to_vec());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("CSV {name}: {e}"))?;
    Ok(Attachment {
        name: name.into(),
        content_type: "text/csv; charset=utf-8".into(),
        bytes,
    })
}

struct People(HashMap<UserId, String>);

impl People {
    fn name(&self, u: UserId) -> String {
        self.0.get(&u).cloned().unwrap_or_default()
    }
}

fn complaint_rows(tz: Tz, people: &People, rows: &[exports::ComplaintRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|c| {
            vec![
                c.number.to_string(),
                c.customer.clone(),
                c.category.clone(),
                c.severity.clone(),
                c.temperament.clone(),
                c.source.clone(),
                c.status.clone(),
                c.step.to_string(),
                people.name(c.owner),
                c.owner.0.to_string(),
                people.name(c.reporter),
                c.summary.clone(),
                c.details.clone().unwrap_or_default(),
                time(tz, c.created_at),
                maybe_time(tz, c.acknowledged_at),
                maybe_time(tz, c.closed_at),
                maybe_time(tz, c.promised_by),
                hours(c.created_at, c.acknowledged_at),
                hours(c.created_at, c.closed_at.filter(|_| c.status == "closed")),
            ]
        })
        .collect()
}

const COMPLAINT_COLUMNS: &[&str] = &[
    "number",
    "customer",
    "category",
    "severity",
    "temperament",
    "channel",
    "status",
    "step",
    "owner",
    "owner_id",
    "reporter",
    "summary",
    "details",
    "reported_at",
    "acknowledged_at",
    "closed_at",
    "promised_by",
    "hours_to_acknowledge",
    "hours_to_resolve",
];

const STEP_COLUMNS: &[&str] = &[
    "complaint",
    "step",
    "recorded_at",
    "recorded_by",
    "approved_by",
    "superseded",
    "done",
    "mood",
    "cause",
    "asks",
    "promise",
    "interim",
    "remedy",
    "reasonable",
    "necessary",
    "deliverable",
    "compensation",
    "compensation_detail",
    "told",
    "delivered",
    "exception",
    "exception_by",
    "training",
    "guarantee",
    "follow_up",
];

/// One step record across the union of every step's fields.
fn step_row(tz: Tz, people: &People, s: &exports::StepRow) -> Vec<String> {
    let mut fields: HashMap<&str, String> = HashMap::new();
    match &s.record {
        StepRecord::Calm { done, mood } => {
            fields.insert("done", done.clone());
            fields.insert("mood", mood.clone());
        }
        StepRecord::Cause {
            cause,
            asks,
            promise,
            interim,
        } => {
            fields.insert("cause", cause.clone());
            fields.insert("asks", asks.clone());
            fields.insert("promise", maybe_time(tz, *promise));
            fields.insert("interim", interim.clone().unwrap_or_default());
        }
        StepRecord::Solution {
            remedy,
            reasonable,
            necessary,
            deliverable,
            compensation,
        } => {
            fields.insert("remedy", remedy.clone());
            fields.insert("reasonable", reasonable.clone());
            fields.insert("necessary", necessary.clone());
            fields.insert("deliverable", deliverable.clone());
            fields.insert("compensation", compensation.kind.clone());
            fields.insert(
                "compensation_detail",
                compensation.detail.clone().unwrap_or_default(),
            );
        }
        StepRecord::CarryOut {
            done,
            told,
            delivered,
            exception,
            training,
        } => {
            if let Some(t) = training {
                fields.insert("training", time(tz, *t));
            }
            if let Some(e) = exception {
                fields.insert("exception", e.reason.clone());
                fields.insert(
                    "exception_by",
                    people.name(crate::domain::ids::UserId(e.by)),
                );
            }
            fields.insert("done", done.clone());
            fields.insert("told", time(tz, *told));
            fields.insert("delivered", delivered.clone());
        }
        StepRecord::Reinforce {
            guarantee,
            follow_up,
        } => {
            fields.insert("guarantee", guarantee.clone());
            fields.insert("follow_up", time(tz, *follow_up));
        }
    }
    let mut row = vec![
        s.number.to_string(),
        s.step.to_string(),
        time(tz, s.recorded_at),
        people.name(s.recorded_by),
        s.approved_by.map(|u| people.name(u)).unwrap_or_default(),
        if s.superseded { "1" } else { "0" }.to_string(),
    ];
    row.extend(
        STEP_COLUMNS[6..]
            .iter()
            .map(|k| fields.remove(k).unwrap_or_default()),
    );
    row
}

pub async fn build(
    conn: &mut Conn,
    guild: GuildId,
    tz: Tz,
    from: Timestamp,
    until: Timestamp,
) -> anyhow::Result<Export> {
    let people = People(exports::member_names(conn, guild).await?);
    let complaints = exports::complaints(conn, guild, from, until).await?;
    let steps = exports::steps(conn, guild, from, until).await?;
    let visits = exports::visits(conn, guild, from, until).await?;
    let scores = exports::scores(conn, guild, from, until).await?;
    let visit_rows: Vec<Vec<String>> = visits
        .iter()
        .map(|v| {
            vec![
                v.customer.clone(),
                time(tz, v.at),
                v.met.clone(),
                people.name(v.rep),
                v.rep.0.to_string(),
                v.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let score_rows: Vec<Vec<String>> = scores
        .iter()
        .map(|s| {
            vec![
                s.customer.clone(),
                s.complaint.map(|n| n.to_string()).unwrap_or_default(),
                time(tz, s.at),
                s.overall.to_string(),
                s.again.to_string(),
                s.recommend.to_string(),
                s.to_five.clone().unwrap_or_default(),
                people.name(s.recorded_by),
            ]
        })
        .collect();
    let step_rows: Vec<Vec<String>> = steps.iter().map(|s| step_row(tz, &people, s)).collect();
    let files = vec![
        csv_file(
            "complaints.csv",
            COMPLAINT_COLUMNS,
            &complaint_rows(tz, &people, &complaints),
        )?,
        csv_file("steps.csv", STEP_COLUMNS, &step_rows)?,
        csv_file(
            "visits.csv",
            &["customer", "at", "met", "rep", "rep_id", "note"],
            &visit_rows,
        )?,
        csv_file(
            "scores.csv",
            &[
                "customer",
                "complaint",
                "at",
                "overall",
                "again",
                "recommend",
                "to_five",
                "recorded_by",
            ],
            &score_rows,
        )?,
    ];
    Ok(Export {
        files,
        complaints: complaints.len(),
        steps: steps.len(),
        visits: visits.len(),
        scores: scores.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_text_round_trips() {
        let awkward = vec![
            "a, b".to_string(),
            "say \"hi\"".to_string(),
            "line one\nline two".to_string(),
            "泵漏水，两周后".to_string(),
        ];
        let file = csv_file(
            "t.csv",
            &["a", "b", "c", "d"],
            std::slice::from_ref(&awkward),
        )
        .unwrap();
        let text = String::from_utf8(file.bytes).unwrap();
        let body = text.strip_prefix(BOM).expect("starts with a BOM");
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].iter().collect::<Vec<_>>(), awkward);
    }
}
