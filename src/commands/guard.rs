//! Who may press a button is checked before its form opens: a rep refused
//! only after filling a form in has lost the time it took.

use super::args::Args;
use super::{Failure, Scope};
use crate::domain::refusal::{Action, Refusal};

/// The refusal the command would give `s.ctx.actor` for who they are and
/// what state the complaint is in, before it asks for anything more.
pub async fn before_form(
    s: &mut Scope<'_>,
    group: &str,
    name: &str,
    args: &Args,
) -> Result<(), Failure> {
    let actor = s.ctx.actor;
    match (group, name) {
        ("complaint", "changes") => actor.require_manager(Action::Approve)?,
        ("complaint", "reject") => actor.require_manager(Action::Reject)?,
        _ => {}
    }
    let Ok(number) = args.complaint("id") else {
        return Ok(()); // the command itself says what is missing
    };
    let c = s.complaint(number).await?;
    match (group, name) {
        ("complaint", "changes") => c.can_decide_approval()?,
        ("complaint", "assign") if actor.user != c.owner => {
            actor.require_manager(Action::ReassignOthers)?;
        }
        ("complaint", "escalate") => {
            actor.require_owner_or_manager(c.owner, || Refusal::NotOwner {
                number: c.number,
                owner: c.owner,
            })?;
            c.can_escalate()?;
        }
        ("complaint", "reopen") => {
            actor.require_owner_or_manager(c.owner, || Refusal::NotOwner {
                number: c.number,
                owner: c.owner,
            })?;
            c.can_reopen()?;
        }
        ("complaint", "reject") => c.can_reject()?,
        _ => {}
    }
    Ok(())
}
