//! `/score poll|answer|submit`: the poll card a rep fills in with the
//! customer, on a call or a visit. The card is the command's public reply,
//! so it appears where the rep is; each button is `score answer` for one
//! question and value, and replaces the card with its answers so far.
//! `score submit` records the score, first asking "what would earn a 5?" in
//! a form when any answer is below 4.

use super::args::Args;
use super::buttons::encode;
use super::score::{self, may_score};
use super::{Failure, Handled, Invocation, Scope};
use crate::config::Config;
use crate::domain::customer::Customer;
use crate::domain::ids::{ComplaintNo, Timestamp};
use crate::domain::refusal::Refusal;
use crate::domain::scoring::Question;
use crate::domain::timeline::EventKind;
use crate::i18n::Lang;
use crate::i18n::polls::{PollText, say};
use crate::message::{
    Button, ButtonStyle, Colour, Embed, Message, ModalField, ModalRequest, Outcome,
};
use crate::store::settings::ServerSettings;
use crate::store::{self, polls::NewPoll, polls::Poll};

const DAY: i64 = 86_400;

/// When a poll started at `now` is reminded, if unanswered: after the
/// configured days, at the next working time; `None` when set to 0.
pub fn remind_at(config: &Config, server: &ServerSettings, now: Timestamp) -> Option<Timestamp> {
    let days = config.polls.remind_after_days;
    (days > 0).then(|| server.hours.next_working(now + days * DAY))
}

pub async fn start(s: &mut Scope<'_>, args: &Args) -> Handled {
    let complaint = match args.int("complaint") {
        Some(n) => Some(s.complaint(ComplaintNo(n)).await?),
        None => None,
    };
    let customer = match (args.text("customer"), &complaint) {
        (Some(name), _) => s.customer(&name).await?,
        (None, Some(c)) => store::customers::get(s.conn, s.ctx.guild, c.customer_id)
            .await?
            .ok_or(Refusal::UnknownComplaint(c.number))?,
        (None, None) => return Err(Refusal::MissingOption("customer".into()).into()),
    };
    may_score(s, &customer)?;
    if let Some(c) = &complaint
        && c.customer_id != customer.id
    {
        return Err(Refusal::ComplaintOfOtherCustomer {
            number: c.number,
            customer: customer.name.clone(),
        }
        .into());
    }
    let complaint_id = complaint.as_ref().map(|c| c.id);
    // One open poll per customer and complaint: asking again shows the same card.
    let poll = match store::polls::open_for(s.conn, customer.id, complaint_id).await? {
        Some(p) => p,
        None => {
            let new = NewPoll {
                customer_id: customer.id,
                complaint_id,
                started_by: s.ctx.actor.user,
                from_round: false,
                created_at: s.now(),
                remind_at: remind_at(&s.app.config, &s.server, s.now()),
            };
            let id = store::polls::insert(s.conn, s.ctx.guild, &new).await?;
            s.log_customer(customer.id, EventKind::PollStarted, &id.to_string());
            open_poll(s, id).await?.0
        }
    };
    let card = card(s, &customer, &poll).await?;
    Ok(Outcome::reply(card))
}

/// Records the answers given, replacing the card they were pressed on.
/// With none (a score round's or a reminder's link), shows the card anew,
/// leaving the message it came from as it was.
pub async fn answer(s: &mut Scope<'_>, args: &Args) -> Handled {
    let (mut poll, customer) = open_poll(s, poll_id(args)?).await?;
    let before = poll.answers;
    let mut answered = false;
    for q in Question::ALL {
        if let Some(v) = args.int(q.code()) {
            poll.answers.set(*q, v);
            answered = true;
        }
    }
    if poll.answers != before {
        store::polls::save_answers(s.conn, poll.id, &poll.answers).await?;
    }
    let card = card(s, &customer, &poll).await?;
    Ok(Outcome::reply(if answered {
        card.replacing()
    } else {
        card
    }))
}

/// Seed 003 asks "what would earn a 5?" after every score: an answer is
/// needed unless all three are 5; then the form still asks (on the button),
/// and may be sent empty. A typed `/score submit` with all fives goes through.
pub async fn submit(s: &mut Scope<'_>, args: &Args, interactive: bool) -> Handled {
    let (poll, customer) = open_poll(s, poll_id(args)?).await?;
    let Some(scores) = poll.answers.complete() else {
        let missing = poll.answers.missing();
        let missing = missing.iter().map(|q| q.code().to_string()).collect();
        return Err(Refusal::PollIncomplete(missing).into());
    };
    let to_five = args.text("to_five").filter(|t| !t.trim().is_empty());
    // A submitted form is not interactive, so an empty optional answer ends here.
    if to_five.is_none() && (!scores.all_fives() || interactive) {
        let required = !scores.all_fives();
        return Ok(Outcome::modal(to_five_form(
            s.reply_lang(),
            poll.id,
            required,
        )));
    }
    let saved = score::save(s, &customer, poll.complaint_id, scores, to_five).await?;
    let lang = s.lang();
    let text = format!(
        "{}\n{}",
        card_text(
            lang,
            &customer,
            &poll,
            complaint_number(s, &poll).await?,
            false
        ),
        saved.text(lang, &customer)
    );
    let done = poll_card(&text, Colour::Green).replacing();
    Ok(Outcome::reply(done).posts(saved.posts))
}

fn poll_id(args: &Args) -> Result<i64, Refusal> {
    args.int("poll")
        .ok_or_else(|| Refusal::MissingOption("poll".into()))
}

/// A poll of this server that is still open, with its customer, if the actor may answer it.
async fn open_poll(s: &mut Scope<'_>, id: i64) -> Result<(Poll, Customer), Failure> {
    let poll = store::polls::get(s.conn, s.ctx.guild, id)
        .await?
        .ok_or(Refusal::UnknownPoll(id))?;
    let customer = store::customers::get(s.conn, s.ctx.guild, poll.customer_id)
        .await?
        .ok_or(Refusal::UnknownPoll(id))?;
    may_score(s, &customer).map_err(|_| Refusal::NotCustomerOwner {
        customer: customer.name.clone(),
        owner: customer.owner,
    })?;
    if !poll.open {
        return Err(Refusal::PollSubmitted(id).into());
    }
    Ok((poll, customer))
}

async fn complaint_number(s: &mut Scope<'_>, poll: &Poll) -> Result<Option<ComplaintNo>, Failure> {
    Ok(match poll.complaint_id {
        Some(id) => store::complaints::get_by_id(s.conn, id)
            .await?
            .map(|c| c.number),
        None => None,
    })
}

/// The card's words: the customer, the three questions and the answers so far.
fn card_text(
    lang: Lang,
    customer: &Customer,
    poll: &Poll,
    complaint: Option<ComplaintNo>,
    open: bool,
) -> String {
    let mut lines = vec![say(
        lang,
        &PollText::CardTitle {
            customer: crate::domain::text::quote(&customer.name),
            poll: poll.id,
        },
    )];
    if let Some(number) = complaint {
        lines.push(say(lang, &PollText::ForComplaint { number }));
    }
    if open {
        lines.push(say(lang, &PollText::CardIntro));
    }
    for (i, q) in Question::ALL.iter().enumerate() {
        let answer = poll
            .answers
            .get(*q)
            .map_or_else(|| "…".to_string(), |v| format!("**{v}**/5"));
        let question = say(lang, &PollText::Question(*q));
        lines.push(format!("{}. {question} → {answer}", i + 1));
    }
    if open {
        lines.push(say(lang, &PollText::CardHint { poll: poll.id }));
    }
    lines.join("\n")
}

/// The open card: its words, a row of 1–5 per question, and Submit.
async fn card(s: &mut Scope<'_>, customer: &Customer, poll: &Poll) -> Result<Message, Failure> {
    let lang = s.lang();
    let number = complaint_number(s, poll).await?;
    let text = card_text(lang, customer, poll, number, true);
    Ok(poll_card(&text, Colour::Blue).with_buttons(buttons(lang, poll)))
}

/// A poll as a card: its first line the title, the questions below.
fn poll_card(text: &str, colour: Colour) -> Message {
    let (title, rest) = text.split_once('\n').unwrap_or((text, ""));
    Message::card(Embed::new(title.replace("**", ""), colour).description(rest))
}

pub fn buttons(lang: Lang, poll: &Poll) -> Vec<Button> {
    let mut out = Vec::new();
    for q in Question::ALL {
        let short = say(lang, &PollText::Short(*q));
        for v in 1..=5 {
            let inv = Invocation::new("score", "answer")
                .arg("poll", poll.id)
                .arg(q.code(), v);
            let chosen = poll.answers.get(*q) == Some(v);
            out.push(Button {
                id: encode(&inv),
                label: format!("{short} {v}"),
                style: if chosen {
                    ButtonStyle::Success
                } else {
                    ButtonStyle::Secondary
                },
                command: inv.to_command_line(),
            });
        }
    }
    let submit = Invocation::new("score", "submit").arg("poll", poll.id);
    out.push(Button {
        id: encode(&submit),
        label: say(lang, &PollText::Submit),
        style: ButtonStyle::Primary,
        command: submit.to_command_line(),
    });
    out
}

/// The button that opens a poll card for `poll` (score rounds).
pub fn open_button(label: &str, poll: i64) -> Button {
    let inv = Invocation::new("score", "answer").arg("poll", poll);
    Button {
        id: encode(&inv),
        label: crate::domain::text::cut(label, 80),
        style: ButtonStyle::Primary,
        command: inv.to_command_line(),
    }
}

/// The button under a closed complaint that starts its poll.
pub fn offer_button(lang: Lang, complaint: ComplaintNo) -> Button {
    let inv = Invocation::new("score", "poll").arg("complaint", complaint.0);
    Button {
        id: encode(&inv),
        label: say(lang, &PollText::PollButton),
        style: ButtonStyle::Primary,
        command: inv.to_command_line(),
    }
}

/// The form asking "what would earn a 5?"; its answer completes `score submit`.
fn to_five_form(lang: Lang, poll: i64, required: bool) -> ModalRequest {
    let inv = Invocation::new("score", "submit").arg("poll", poll);
    ModalRequest {
        id: encode(&inv),
        title: crate::domain::text::cut(&say(lang, &PollText::ToFiveTitle), 45),
        fields: vec![ModalField {
            key: "to_five".into(),
            label: crate::domain::text::cut(&say(lang, &PollText::ToFiveLabel), 45),
            long: true,
            required,
            max_len: 1000,
            value: None,
        }],
        command: inv.to_command_line(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{GuildId, UserId};
    use crate::domain::scoring::Answers;

    #[test]
    fn the_card_has_a_row_per_question_and_submit() {
        let poll = Poll {
            id: 7,
            guild: GuildId(1),
            customer_id: 1,
            complaint_id: None,
            started_by: UserId(1),
            from_round: false,
            answers: Answers {
                overall: Some(4),
                ..Answers::default()
            },
            open: true,
            created_at: 0,
        };
        let b = buttons(Lang::En, &poll);
        assert_eq!(b.len(), 16);
        assert_eq!(b[3].id, "rp:score:answer:overall=4;poll=7");
        assert_eq!(b[3].style, ButtonStyle::Success);
        assert_eq!(b[5].label, "Buy again 1");
        assert_eq!(b[15].id, "rp:score:submit:poll=7");
        assert!(
            b.iter()
                .all(|b| super::super::buttons::decode(&b.id).is_some())
        );
        assert!(b.iter().all(|b| b.id.len() <= 100));
    }
}
