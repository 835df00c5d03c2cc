//! Applies a checked customer spreadsheet to a server, inside the caller's
//! transaction: owners given as `@name` are looked up among the people the
//! server has seen, each line creates or updates the customer of that name
//! (case-insensitive), and when any line has a problem nothing is written and
//! every problem is returned. A dry run stops after the comparison.

use super::Failure;
use crate::config::Config;
use crate::domain::customer::{Customer, Tier, TrustStage};
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::refusal::Refusal;
use crate::domain::timeline::EventKind;
use crate::import::{Column, ImportRow, ImportSummary, OwnerRef, Parsed, Problem, RowProblem};
use crate::store::{self, Conn, events::Event};

/// Who is recorded in the timeline as having imported.
#[derive(Debug, Clone, Copy)]
pub struct ImportBy {
    pub guild: GuildId,
    pub actor: UserId,
    pub now: Timestamp,
    pub dry_run: bool,
}

/// One line turned into the customer it will be, and what changes.
struct Planned {
    customer: Customer,
    existing: bool,
    changed: Vec<Column>,
    last_visit_at: Option<Timestamp>,
}

pub async fn apply(
    conn: &mut Conn,
    config: &Config,
    parsed: Parsed,
    by: ImportBy,
) -> Result<ImportSummary, Failure> {
    let mut problems = parsed.problems;
    let mut plans = Vec::with_capacity(parsed.rows.len());
    for row in parsed.rows {
        match plan(conn, config, &row, by).await? {
            Ok(p) => plans.push(p),
            Err(found) => problems.extend(found.into_iter().map(|problem| RowProblem {
                line: row.line,
                problem,
            })),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(Refusal::ImportRows(problems).into());
    }
    let mut summary = ImportSummary {
        dry_run: by.dry_run,
        ..ImportSummary::default()
    };
    for p in &plans {
        match (p.existing, p.changed.is_empty()) {
            (false, _) => summary.created.push(p.customer.name.clone()),
            (true, true) => summary.unchanged += 1,
            (true, false) => summary
                .updated
                .push((p.customer.name.clone(), p.changed.clone())),
        }
    }
    if !by.dry_run {
        write(conn, config, &plans, by).await?;
    }
    Ok(summary)
}

async fn owner_of(
    conn: &mut Conn,
    guild: GuildId,
    owner: &Option<OwnerRef>,
) -> Result<Result<Option<UserId>, Problem>, Failure> {
    Ok(match owner {
        None => Ok(None),
        Some(OwnerRef::Id(id)) => Ok(Some(UserId(*id))),
        Some(OwnerRef::Name(name)) => {
            match store::members::find_by_name(conn, guild, name).await? {
                Some(m) => Ok(Some(m.user)),
                None => Err(Problem::UnknownOwner(format!("@{name}"))),
            }
        }
    })
}

async fn plan(
    conn: &mut Conn,
    config: &Config,
    row: &ImportRow,
    by: ImportBy,
) -> Result<Result<Planned, Vec<Problem>>, Failure> {
    let owner = match owner_of(conn, by.guild, &row.owner).await? {
        Ok(owner) => owner,
        Err(problem) => return Ok(Err(vec![problem])),
    };
    let found = store::customers::find_by_name(conn, by.guild, &row.name).await?;
    let Some(old) = found else {
        let Some(owner) = owner else {
            return Ok(Err(vec![Problem::OwnerNeeded]));
        };
        let tier = row.tier.unwrap_or(Tier::Normal);
        let visits = &config.visits;
        let customer = Customer {
            id: 0,
            guild: by.guild,
            name: row.name.clone(),
            owner,
            tier,
            cadence_days: row.cadence_days.unwrap_or_else(|| {
                tier.default_cadence_days(visits.key_cadence_days, visits.normal_cadence_days)
            }),
            stage: row.stage.unwrap_or(TrustStage::FirstTime),
            renewal_on: row.renewal_on,
            decision_maker: row.decision_maker.clone(),
            created_at: by.now,
        };
        return Ok(Ok(Planned {
            customer,
            existing: false,
            changed: Vec::new(),
            last_visit_at: row.last_visit_at,
        }));
    };
    let mut c = old.clone();
    let mut changed = Vec::new();
    let mut set = |column: Column, differs: bool| {
        if differs {
            changed.push(column);
        }
    };
    set(Column::Name, row.name != old.name);
    c.name = row.name.clone();
    if let Some(owner) = owner {
        set(Column::Owner, owner != old.owner);
        c.owner = owner;
    }
    if let Some(tier) = row.tier {
        set(Column::Tier, tier != old.tier);
        c.tier = tier;
    }
    if let Some(days) = row.cadence_days {
        set(Column::Cadence, days != old.cadence_days);
        c.cadence_days = days;
    }
    if let Some(stage) = row.stage {
        set(Column::Stage, stage != old.stage);
        c.stage = stage;
    }
    if let Some(renewal) = row.renewal_on {
        set(Column::Renewal, Some(renewal) != old.renewal_on);
        c.renewal_on = Some(renewal);
    }
    if let Some(dm) = &row.decision_maker {
        set(
            Column::DecisionMaker,
            Some(dm) != old.decision_maker.as_ref(),
        );
        c.decision_maker = Some(dm.clone());
    }
    // A visit only ever moves the last visit forward, as `/visit log` does.
    let known = store::customers::visit_summary(conn, old.id)
        .await?
        .last_visit_at;
    let last_visit_at = row.last_visit_at.filter(|at| known.is_none_or(|k| *at > k));
    set(Column::LastVisit, last_visit_at.is_some());
    Ok(Ok(Planned {
        customer: c,
        existing: true,
        changed,
        last_visit_at,
    }))
}

async fn write(
    conn: &mut Conn,
    config: &Config,
    plans: &[Planned],
    by: ImportBy,
) -> Result<(), Failure> {
    let boss_days = config.visits.boss_cadence();
    store::settings::touch(conn, by.guild, by.now).await?;
    for p in plans {
        if p.existing && p.changed.is_empty() {
            continue;
        }
        let (id, kind, detail) = if p.existing {
            store::customers::update(conn, &p.customer, by.now, boss_days).await?;
            let fields: Vec<&str> = p.changed.iter().map(|c| c.english()).collect();
            (p.customer.id, EventKind::CustomerEdited, fields.join(", "))
        } else {
            let id = match store::customers::insert(conn, &p.customer, boss_days).await {
                Err(e) if store::is_unique_violation(&e) => {
                    return Err(Refusal::DuplicateCustomer(p.customer.name.clone()).into());
                }
                other => other?,
            };
            (id, EventKind::CustomerAdded, String::new())
        };
        if let Some(at) = p.last_visit_at {
            store::customers::note_visit(conn, id, at, false).await?;
            store::digests::refresh_due(conn, id, boss_days).await?;
        }
        let event = Event {
            complaint_id: None,
            customer_id: Some(id),
            actor: by.actor,
            kind,
            detail,
            at: by.now,
        };
        store::events::record(conn, by.guild, &event).await?;
    }
    Ok(())
}
