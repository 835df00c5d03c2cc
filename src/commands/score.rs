//! `/score record`: seed 003's three questions, and "what would earn a 5?".
//! `save` records a score whichever way it came (typed here, or a poll in
//! `poll.rs`): the at-risk flag, the managers' alert, a stage suggestion.

use super::args::Args;
use super::{Failure, Handled, Scope};
use crate::domain::customer::{Customer, TrustStage};
use crate::domain::ids::ComplaintNo;
use crate::domain::refusal::{Action, Refusal};
use crate::domain::scoring::{self, Scores};
use crate::domain::timeline::EventKind;
use crate::i18n::polls::{self as words, PollText};
use crate::i18n::{self, Lang, Msg};
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store::{self, scores::Score};

/// Scores are recorded by the customer's owner or a manager.
pub fn may_score(s: &Scope<'_>, customer: &Customer) -> Result<(), Refusal> {
    if s.ctx.actor.user != customer.owner {
        s.ctx.actor.require_manager(Action::RecordScore)?;
    }
    Ok(())
}

/// The complaint named by `complaint`, if any; it must be the customer's.
pub async fn complaint_of(
    s: &mut Scope<'_>,
    args: &Args,
    customer: &Customer,
) -> Result<Option<i64>, Failure> {
    let Some(n) = args.int("complaint") else {
        return Ok(None);
    };
    let c = s.complaint(ComplaintNo(n)).await?;
    if c.customer_id != customer.id {
        return Err(Refusal::ComplaintOfOtherCustomer {
            number: c.number,
            customer: customer.name.clone(),
        }
        .into());
    }
    Ok(Some(c.id))
}

pub async fn record(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let customer = s.customer(&args.required("customer")?).await?;
    may_score(s, &customer)?;
    let score = |name: &str| {
        args.int(name)
            .ok_or_else(|| Refusal::MissingOption(name.into()))
    };
    let scores = Scores {
        overall: score("overall")?,
        again: score("again")?,
        recommend: score("recommend")?,
    };
    let to_five = args.text("to_five");
    if !scores.all_fives() && to_five.is_none() {
        return Err(Refusal::WhatWouldEarnFiveNeeded.into());
    }
    let complaint_id = complaint_of(s, args, &customer).await?;
    let saved = save(s, &customer, complaint_id, scores, to_five).await?;
    let reply = Message::private(saved.text(s.reply_lang(), &customer));
    Ok(Outcome::reply(reply).posts(saved.posts))
}

/// What recording a score did.
pub struct Saved {
    pub scores: Scores,
    /// The stage to suggest moving the customer up to.
    pub promote: Option<TrustStage>,
    pub posts: Vec<Post>,
}

impl Saved {
    pub fn text(&self, lang: Lang, customer: &Customer) -> String {
        let s = self.scores;
        let mut text = i18n::say(
            lang,
            &Msg::ScoreRecorded {
                customer: customer.name.clone(),
                overall: s.overall,
                again: s.again,
                recommend: s.recommend,
                low: s.is_low(),
            },
        );
        if let Some(stage) = self.promote {
            let promote = PollText::Promote {
                customer: customer.name.clone(),
                stage,
            };
            text = format!("{text}\n{}", words::say(lang, &promote));
        }
        text
    }
}

pub async fn save(
    s: &mut Scope<'_>,
    customer: &Customer,
    complaint_id: Option<i64>,
    scores: Scores,
    to_five: Option<String>,
) -> Result<Saved, Failure> {
    let record = Score {
        customer_id: customer.id,
        complaint_id,
        overall: scores.overall,
        again: scores.again,
        recommend: scores.recommend,
        to_five,
        recorded_by: s.ctx.actor.user,
        at: s.now(),
    };
    let previous = store::scores::latest_for_customer(s.conn, customer.id, 1).await?;
    store::scores::insert(s.conn, s.ctx.guild, &record).await?;
    store::customers::set_at_risk(s.conn, customer.id, scores.is_low()).await?;
    // A score answers every poll still open for the customer.
    store::polls::close_open(s.conn, customer.id, s.now()).await?;
    let detail = format!("{}/{}/{}", scores.overall, scores.again, scores.recommend);
    s.log_customer(customer.id, EventKind::Score, &detail);

    let mut posts = Vec::new();
    if scores.pings_managers(customer.stage) {
        let role = s.server.manager_role;
        let alert = s.say(&Msg::ScoreAlert {
            customer: customer.name.clone(),
            owner: customer.owner,
            lowest: scores.lowest(),
            role,
        });
        posts.push(Post {
            target: Target::AlertsChannel,
            complaint_id,
            body: PostBody::Message(Message::text(alert).ping_role(role)),
        });
    }
    let recovery = scoring::Recovery {
        last_closed_at: store::complaints::last_closed_for_customer(s.conn, customer.id).await?,
        previous_score_at: previous.first().map(|p| p.at),
        open_complaints: store::complaints::count_open_for_customer(s.conn, customer.id).await?,
    };
    let promote = scoring::suggests_promotion(&scores, &recovery, s.now())
        .then(|| scoring::next_stage(customer.stage))
        .flatten();
    Ok(Saved {
        scores,
        promote,
        posts,
    })
}
