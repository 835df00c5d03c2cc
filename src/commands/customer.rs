//! `/customer add|edit|show|list`.

use super::args::Args;
use super::cards::{self, CustomerView};
use super::{Failure, Handled, Scope};
use crate::domain::customer::{Customer, MAX_CUSTOMER_NAME, Tier, TrustStage};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::text::check_text;
use crate::domain::text::fit;
use crate::domain::timeline::EventKind;
use crate::i18n::Msg;
use crate::i18n::polls::{self, PollText};
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store::{self, complaints::ComplaintFilter, customers::CustomerFilter};

async fn refuse_duplicate(
    s: &mut Scope<'_>,
    name: &str,
    except: Option<i64>,
) -> Result<(), Failure> {
    match store::customers::find_by_name(s.conn, s.ctx.guild, name).await? {
        Some(existing) if Some(existing.id) != except => {
            Err(Refusal::DuplicateCustomer(existing.name).into())
        }
        _ => Ok(()),
    }
}

pub async fn add(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let name = check_text("name", &args.required("name")?, MAX_CUSTOMER_NAME)?;
    let owner = args
        .user("owner")
        .ok_or_else(|| Refusal::MissingOption("owner".into()))?;
    if owner != s.ctx.actor.user {
        s.ctx.actor.require_manager(Action::AddCustomerForOthers)?;
    }
    let tier = args.coded("tier", Tier::from_code).unwrap_or(Tier::Normal);
    refuse_duplicate(s, &name, None).await?;
    let visits = &s.app.config.visits;
    let customer = Customer {
        id: 0,
        guild: s.ctx.guild,
        name: name.clone(),
        owner,
        tier,
        cadence_days: args.int("cadence").unwrap_or_else(|| {
            tier.default_cadence_days(visits.key_cadence_days, visits.normal_cadence_days)
        }),
        stage: args
            .coded("stage", TrustStage::from_code)
            .unwrap_or(TrustStage::FirstTime),
        renewal_on: args.moment("renewal", s.now(), s.server.tz)?,
        decision_maker: args.text("decision_maker"),
        created_at: s.now(),
    };
    store::settings::touch(s.conn, s.ctx.guild, s.now()).await?;
    let boss_days = s.app.config.visits.boss_cadence();
    let id = match store::customers::insert(s.conn, &customer, boss_days).await {
        Err(e) if store::is_unique_violation(&e) => {
            return Err(Refusal::DuplicateCustomer(name).into());
        }
        other => other?,
    };
    s.log_customer(id, EventKind::CustomerAdded, "");
    Ok(Outcome::reply(
        s.say_privately(&Msg::CustomerAdded { name, owner }),
    ))
}

pub async fn edit(s: &mut Scope<'_>, args: &Args) -> Handled {
    let mut c = s.customer(&args.required("name")?).await?;
    let actor = s.ctx.actor;
    actor.require_owner_or_manager(c.owner, || Refusal::NotCustomerOwner {
        customer: c.name.clone(),
        owner: c.owner,
    })?;
    let mut changed = Vec::new();
    if let Some(new_name) = args.text("new_name") {
        refuse_duplicate(s, &new_name, Some(c.id)).await?;
        c.name = new_name;
        changed.push("name");
    }
    if let Some(owner) = args.user("owner") {
        actor.require_manager(Action::ChangeCustomerOwner)?;
        c.owner = owner;
        changed.push("owner");
    }
    if let Some(tier) = args.coded("tier", Tier::from_code) {
        c.tier = tier;
        changed.push("tier");
    }
    if let Some(days) = args.int("cadence") {
        c.cadence_days = days;
        changed.push("cadence");
    }
    let was = c.stage;
    if let Some(stage) = args.coded("stage", TrustStage::from_code) {
        c.stage = stage;
        changed.push("stage");
    }
    if let Some(renewal) = args.moment("renewal", s.now(), s.server.tz)? {
        c.renewal_on = Some(renewal);
        changed.push("renewal");
    }
    if let Some(dm) = args.text("decision_maker") {
        c.decision_maker = Some(dm);
        changed.push("decision_maker");
    }
    if changed.is_empty() {
        return Err(Refusal::NothingToChange.into());
    }
    let boss_days = s.app.config.visits.boss_cadence();
    match store::customers::update(s.conn, &c, s.now(), boss_days).await {
        Err(e) if store::is_unique_violation(&e) => {
            return Err(Refusal::DuplicateCustomer(c.name).into());
        }
        other => other?,
    }
    s.log_customer(c.id, EventKind::CustomerEdited, &changed.join(", "));
    let fields = changed.iter().map(|f| (*f).to_string()).collect();
    let reply = Outcome::reply(s.say_privately(&Msg::CustomerUpdated {
        name: c.name.clone(),
        fields,
    }));
    if c.stage == TrustStage::Lost && was != TrustStage::Lost {
        // Lost again: the checklist starts over.
        store::win_back::clear(s.conn, c.id).await?;
        s.log_customer(c.id, EventKind::WinBack, "");
        return Ok(reply.post(win_back(s, &c)));
    }
    Ok(reply)
}

pub async fn show(s: &mut Scope<'_>, args: &Args) -> Handled {
    let c = s.customer(&args.required("name")?).await?;
    let visits = store::customers::visit_summary(s.conn, c.id).await?;
    let filter = ComplaintFilter {
        customer_id: Some(c.id),
        ..ComplaintFilter::default()
    };
    let open = store::complaints::list(s.conn, s.ctx.guild, &filter, 10, 0).await?;
    let scores = store::scores::latest_for_customer(s.conn, c.id, 6).await?;
    let events = store::events::latest_for_customer(s.conn, c.id, 5).await?;
    let win_back = store::win_back::done(s.conn, c.id).await?;
    let view = CustomerView {
        win_back: &win_back,
        customer: &c,
        visits: &visits,
        open: &open,
        scores: &scores,
        events: &events,
    };
    let mut card = Message::card(cards::customer_card(s.reply_lang(), &s.server, &view));
    card.ephemeral = true;
    Ok(Outcome::reply(card))
}

/// Customers on one page of `/customer list` (a row is about 80 characters).
const CUSTOMER_PAGE: i64 = 20;

pub async fn list(s: &mut Scope<'_>, args: &Args) -> Handled {
    let yes = |name: &str| args.text(name).as_deref() == Some("yes");
    let filter = CustomerFilter {
        owner: args.user("owner"),
        tier: args.coded("tier", Tier::from_code),
        stage: args.coded("stage", TrustStage::from_code),
        overdue_at: yes("overdue").then(|| s.now()),
        at_risk: yes("at_risk"),
    };
    let page = super::buttons::page_of(args);
    let offset = (page - 1) as i64 * CUSTOMER_PAGE;
    let mut rows =
        store::customers::list(s.conn, s.ctx.guild, &filter, CUSTOMER_PAGE + 1, offset).await?;
    if rows.is_empty() {
        return Ok(Outcome::reply(s.say_privately(&Msg::NoCustomers)));
    }
    let more = rows.len() as i64 > CUSTOMER_PAGE;
    rows.truncate(CUSTOMER_PAGE as usize);
    let lang = s.reply_lang();
    let text = rows
        .iter()
        .map(|c| cards::customer_row(lang, c, s.now()))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Outcome::reply(super::buttons::paged(
        lang, "customer", "list", args, page, more, text,
    )))
}

/// Seed 003's seven steps to win a lost customer back, as a card in the
/// complaints channel with a thread opened on it for the team to work in.
fn win_back(s: &Scope<'_>, c: &Customer) -> Post {
    let lang = s.lang();
    let customer = crate::domain::text::quote(&c.name);
    let name = polls::say(
        lang,
        &PollText::WinBackThread {
            customer: c.name.clone(),
        },
    );
    let steps = polls::say(
        lang,
        &PollText::WinBack {
            customer,
            owner: c.owner,
        },
    );
    Post {
        target: Target::ComplaintsChannel,
        complaint_id: None,
        body: PostBody::OpenThread {
            name: crate::domain::text::cut(&name, crate::domain::text::THREAD_NAME_MAX),
            starter: Message::text(fit(steps)).ping(c.owner),
            tags: Vec::new(),
        },
    }
}
