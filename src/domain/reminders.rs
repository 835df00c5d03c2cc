//! When a complaint needs a nudge or an escalation: a pure function of its
//! state, its severity's policy, the server's working hours and `now`.
//!
//! The ladder for an unacknowledged complaint: nudge the owner when the
//! acknowledgement window passes, again at each repeat interval, escalate to
//! managers, then to the second level. A step that makes no progress nudges
//! the owner after its window and goes to managers at twice the window. A
//! promised deadline is reminded before it passes and escalated once it has
//! passed with step 4 undone. Nudges wait for working time unless critical.

use super::calendar::{Span, WorkingHours};
use super::complaint::{
    Complaint, FollowUpStage, PromiseStage, Severity, StallLevel, Status, Step,
};
use super::ids::Timestamp;

/// The timing rules for one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub acknowledge: Span,
    pub nudge_every: Span,
    pub escalate: Span,
    pub second_escalate: Option<Span>,
    pub stall: Span,
    pub promise_lead: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The owner has not acknowledged; `waited` seconds since it was reported.
    AckNudge {
        waited: i64,
    },
    /// Managers (level 1) or the second level (2) must step in.
    AckEscalation {
        level: i64,
        waited: i64,
    },
    StallNudge {
        waited: i64,
    },
    StallEscalation {
        waited: i64,
    },
    PromiseReminder {
        promised_by: Timestamp,
    },
    PromiseBreached {
        promised_by: Timestamp,
    },
    /// The step-5 follow-up is due: the owner calls or visits.
    FollowUpDue {
        due_at: Timestamp,
    },
    /// Its outcome was not logged in time: the managers hear, as for a broken promise.
    FollowUpMissed {
        due_at: Timestamp,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub due: Vec<Due>,
    /// What the complaint's watch becomes once `due` is done.
    pub ack_nudges: i64,
    pub escalation_level: i64,
    pub stall_level: StallLevel,
    pub promise_stage: PromiseStage,
    pub follow_up_stage: FollowUpStage,
    /// When to look again; `None` when nothing can come due any more.
    pub next_check_at: Option<Timestamp>,
}

/// How many of the moments `first`, `first+every`, … lie at or before `now`.
fn occurrences(
    first: Timestamp,
    every: &Span,
    hours: &WorkingHours,
    now: Timestamp,
) -> (i64, Timestamp) {
    let mut count = 0;
    let mut at = first;
    // Bounded: a sweep that ran late catches up in one go, without looping forever.
    while at <= now && count < 10_000 {
        count += 1;
        let next = every.after(at, hours);
        if next <= at {
            break;
        }
        at = next;
    }
    (count, at)
}

struct Plan {
    due: Vec<Due>,
    next: Option<Timestamp>,
}

impl Plan {
    fn check_again_at(&mut self, at: Timestamp) {
        self.next = Some(self.next.map_or(at, |n| n.min(at)));
    }
}

/// The follow-up ladder: the owner on the date (in working time unless
/// critical), the managers once the severity's stall window has passed
/// since then with no outcome logged. The window is the team's own
/// practice; seed 002 only asks that the follow-up happen.
fn follow_up(
    out: &mut Check,
    plan: &mut Plan,
    policy: &Policy,
    hours: &WorkingHours,
    urgent: bool,
    due_at: Timestamp,
    now: Timestamp,
) {
    let remind_at = if urgent {
        due_at
    } else {
        hours.next_working(due_at)
    };
    let missed_at = policy.stall.after(remind_at, hours);
    let open = urgent || hours.is_working(now);
    if out.follow_up_stage < FollowUpStage::Missed && missed_at <= now && open {
        plan.due.push(Due::FollowUpMissed { due_at });
        out.follow_up_stage = FollowUpStage::Missed;
    } else if out.follow_up_stage < FollowUpStage::Reminded && remind_at <= now && open {
        plan.due.push(Due::FollowUpDue { due_at });
        out.follow_up_stage = FollowUpStage::Reminded;
    }
    let gate = |at: Timestamp| if urgent { at } else { hours.next_working(at) };
    match out.follow_up_stage {
        FollowUpStage::Pending => plan.check_again_at(gate(remind_at.max(now))),
        FollowUpStage::Reminded => plan.check_again_at(gate(missed_at.max(now))),
        FollowUpStage::Missed => {}
    }
}

/// After any change to a complaint: when must the sweep look at it next?
pub fn reschedule(c: &mut Complaint, policy: &Policy, hours: &WorkingHours, now: Timestamp) {
    c.watch.next_check_at = check(c, policy, hours, now).next_check_at;
}

pub fn check(c: &Complaint, policy: &Policy, hours: &WorkingHours, now: Timestamp) -> Check {
    let mut out = Check {
        due: Vec::new(),
        ack_nudges: c.watch.ack_nudges,
        escalation_level: c.escalation_level,
        stall_level: c.watch.stall_level,
        promise_stage: c.watch.promise_stage,
        follow_up_stage: c.watch.follow_up_stage,
        next_check_at: None,
    };
    if c.status.is_finished() {
        return out;
    }
    let urgent = c.severity == Severity::Critical;
    // Outside working time, a nudge waits for the next opening; critical ones do not.
    let open = urgent || hours.is_working(now);
    let gate = |at: Timestamp| if urgent { at } else { hours.next_working(at) };
    let mut plan = Plan {
        due: Vec::new(),
        next: None,
    };

    if c.status == Status::FollowUp {
        // Resolved: only the follow-up is watched (nothing stalls meanwhile).
        if let Some(due_at) = c.follow_up_at {
            follow_up(&mut out, &mut plan, policy, hours, urgent, due_at, now);
        }
    } else if c.acknowledged_at.is_none() {
        // Reported (or reopened) at: while unacknowledged, step 1 began then.
        let base = c.watch.step_started_at;
        let waited = now - base;
        let first = policy.acknowledge.after(base, hours);
        let (owed, next_nudge) = occurrences(first, &policy.nudge_every, hours, now);
        if owed > out.ack_nudges && open {
            plan.due.push(Due::AckNudge { waited });
            out.ack_nudges = owed;
        }
        plan.check_again_at(gate(if owed > out.ack_nudges {
            now
        } else {
            next_nudge
        }));
        let levels = [Some(policy.escalate), policy.second_escalate];
        for (i, span) in levels.iter().enumerate() {
            let level = i as i64 + 1;
            let Some(span) = span else { continue };
            if out.escalation_level >= level {
                continue;
            }
            let at = span.after(base, hours);
            if at <= now && open {
                out.escalation_level = level;
            } else {
                plan.check_again_at(gate(at.max(now)));
            }
        }
        if out.escalation_level > c.escalation_level {
            plan.due.push(Due::AckEscalation {
                level: out.escalation_level,
                waited,
            });
        }
    } else {
        let start = c.watch.step_started_at;
        let waited = now - start;
        let nudge_at = policy.stall.after(start, hours);
        let escalate_at = policy.stall.times(2).after(start, hours);
        if out.stall_level < StallLevel::ManagersTold && escalate_at <= now && open {
            plan.due.push(Due::StallEscalation { waited });
            out.stall_level = StallLevel::ManagersTold;
        } else if out.stall_level < StallLevel::OwnerNudged && nudge_at <= now && open {
            plan.due.push(Due::StallNudge { waited });
            out.stall_level = StallLevel::OwnerNudged;
        }
        match out.stall_level {
            StallLevel::Quiet => plan.check_again_at(gate(nudge_at.max(now))),
            StallLevel::OwnerNudged => plan.check_again_at(gate(escalate_at.max(now))),
            StallLevel::ManagersTold => {}
        }
    }

    let carried_out = c.step.number() > Step::CarryOut.number() || c.status == Status::Closed;
    if let (Some(promised_by), false) = (c.promised_by, carried_out) {
        let lead = policy.promise_lead.after(now, hours) - now;
        // Remind early enough to act, and in working time even if that means earlier.
        let remind_at = if urgent {
            promised_by - lead
        } else {
            hours.prev_working(promised_by - lead)
        };
        if out.promise_stage < PromiseStage::Breached && promised_by <= now {
            plan.due.push(Due::PromiseBreached { promised_by });
            out.promise_stage = PromiseStage::Breached;
        } else if out.promise_stage < PromiseStage::Reminded && remind_at <= now {
            plan.due.push(Due::PromiseReminder { promised_by });
            out.promise_stage = PromiseStage::Reminded;
        }
        match out.promise_stage {
            PromiseStage::Pending => plan.check_again_at(remind_at.max(now + 1)),
            PromiseStage::Reminded => plan.check_again_at(promised_by.max(now + 1)),
            PromiseStage::Breached => {}
        }
    }

    // Nothing is ever rechecked at or before `now`: the sweep must move on.
    out.next_check_at = plan.next.map(|n| n.max(now + 1));
    out.due = plan.due;
    out
}

#[cfg(test)]
mod tests {
    use chrono_tz::Tz;

    use super::*;
    use crate::domain::complaint::{Category, Source, Temperament, Watch};
    use crate::domain::ids::{ComplaintNo, GuildId, UserId};

    /// Monday 2026-11-23 10:00 in Shanghai.
    const MON_10: Timestamp = 1_795_399_200;
    const H: i64 = 3600;

    fn hours() -> WorkingHours {
        WorkingHours::standard(Tz::Asia__Shanghai)
    }

    fn policy(text: [&str; 5]) -> Policy {
        let span = |t: &str| Span::parse(t).unwrap();
        Policy {
            acknowledge: span(text[0]).unwrap(),
            nudge_every: span(text[1]).unwrap(),
            escalate: span(text[2]).unwrap(),
            second_escalate: span(text[3]),
            stall: span(text[4]).unwrap(),
            promise_lead: Span::Clock(2 * H),
        }
    }

    fn high() -> Policy {
        policy(["1h", "1h", "2h", "8h", "1d"])
    }

    fn complaint(severity: Severity, created: Timestamp) -> Complaint {
        Complaint {
            id: 1,
            guild: GuildId(1),
            number: ComplaintNo(1),
            customer_id: 1,
            customer_name: "Acme".into(),
            summary: "leak".into(),
            details: None,
            category: Category::Product,
            severity,
            harms: None,
            severity_reason: None,
            temperament: Temperament::Angry,
            source: Source::Visit,
            owner: UserId(1),
            reporter: UserId(1),
            status: Status::Open,
            step: Step::Calm,
            acknowledged_at: None,
            promised_by: None,
            escalation_level: 0,
            thread: None,
            created_at: created,
            updated_at: created,
            closed_at: None,
            follow_up_at: None,
            from_message: None,
            watch: Watch {
                step_started_at: created,
                ..Watch::default()
            },
        }
    }

    fn apply(c: &mut Complaint, k: &Check) {
        c.watch.ack_nudges = k.ack_nudges;
        c.escalation_level = k.escalation_level;
        c.watch.stall_level = k.stall_level;
        c.watch.promise_stage = k.promise_stage;
        c.watch.follow_up_stage = k.follow_up_stage;
        c.watch.next_check_at = k.next_check_at;
    }

    #[test]
    fn a_follow_up_is_reminded_in_working_time_once_then_missed() {
        let mut c = complaint(Severity::High, MON_10);
        c.acknowledged_at = Some(MON_10);
        c.status = Status::FollowUp;
        c.step = Step::Reinforce;
        // Due Saturday 10:00: the reminder waits for Monday 09:00.
        let saturday = MON_10 + 5 * 24 * H;
        let monday = MON_10 + 7 * 24 * H - H;
        c.follow_up_at = Some(saturday);
        let k = check(&c, &high(), &hours(), saturday);
        assert!(k.due.is_empty(), "{:?}", k.due);
        assert_eq!(k.next_check_at, Some(monday));
        let k = check(&c, &high(), &hours(), monday);
        assert_eq!(k.due, vec![Due::FollowUpDue { due_at: saturday }]);
        apply(&mut c, &k);
        assert!(
            check(&c, &high(), &hours(), monday + 60).due.is_empty(),
            "once"
        );
        // The high stall window (a day) after the reminder: the managers hear.
        let k = check(&c, &high(), &hours(), monday + 24 * H);
        assert_eq!(k.due, vec![Due::FollowUpMissed { due_at: saturday }]);
        apply(&mut c, &k);
        assert_eq!(c.watch.next_check_at, None);
    }

    #[test]
    fn the_acknowledgement_ladder_fires_once_each() {
        let mut c = complaint(Severity::High, MON_10);
        let first = check(&c, &high(), &hours(), MON_10);
        assert!(first.due.is_empty());
        assert_eq!(first.next_check_at, Some(MON_10 + H));
        let at_1h = check(&c, &high(), &hours(), MON_10 + H);
        assert_eq!(at_1h.due, vec![Due::AckNudge { waited: H }]);
        apply(&mut c, &at_1h);
        assert!(
            check(&c, &high(), &hours(), MON_10 + H + 60).due.is_empty(),
            "never twice"
        );
        let at_2h = check(&c, &high(), &hours(), MON_10 + 2 * H);
        assert_eq!(
            at_2h.due,
            vec![
                Due::AckNudge { waited: 2 * H },
                Due::AckEscalation {
                    level: 1,
                    waited: 2 * H
                }
            ]
        );
        apply(&mut c, &at_2h);
        // The second level is due at 18:00, closing time: it waits for Tuesday 09:00.
        let at_8h = check(&c, &high(), &hours(), MON_10 + 8 * H);
        assert!(
            !at_8h
                .due
                .iter()
                .any(|d| matches!(d, Due::AckEscalation { .. })),
            "{:?}",
            at_8h.due
        );
        assert_eq!(at_8h.next_check_at, Some(MON_10 + 23 * H));
        apply(&mut c, &at_8h);
        let tuesday = check(&c, &high(), &hours(), MON_10 + 23 * H);
        assert!(
            tuesday.due.contains(&Due::AckEscalation {
                level: 2,
                waited: 23 * H
            }),
            "{:?}",
            tuesday.due
        );
    }

    #[test]
    fn acknowledging_stops_the_ladder() {
        let mut c = complaint(Severity::High, MON_10);
        c.acknowledged_at = Some(MON_10 + 30 * 60);
        c.status = Status::Active;
        let k = check(&c, &high(), &hours(), MON_10 + 3 * H);
        assert!(k.due.is_empty(), "{:?}", k.due);
        assert_eq!(
            k.next_check_at,
            Some(MON_10 + 24 * H),
            "next: the step stalls after a day"
        );
    }

    #[test]
    fn non_critical_nudges_wait_for_working_hours_critical_ones_do_not() {
        // Reported Monday 17:30: the 1h window ends 18:30, after closing.
        let late = MON_10 + 7 * H + 30 * 60;
        let c = complaint(Severity::High, late);
        let evening = check(&c, &high(), &hours(), late + 2 * H);
        assert!(
            evening.due.is_empty(),
            "waits for the morning: {:?}",
            evening.due
        );
        assert_eq!(
            evening.next_check_at,
            Some(MON_10 + 23 * H),
            "Tuesday 09:00"
        );
        let crit = complaint(Severity::Critical, late);
        let critical = policy(["15m", "15m", "30m", "2h", "4h"]);
        let k = check(&crit, &critical, &hours(), late + 20 * 60);
        assert_eq!(k.due, vec![Due::AckNudge { waited: 20 * 60 }]);
    }

    #[test]
    fn working_hour_windows_count_working_time_only() {
        let normal = policy(["4wh", "4wh", "8wh", "2wd", "3d"]);
        // Friday 16:00: 4 working hours end Monday 11:00.
        let fri_16 = MON_10 - 3 * 24 * H + 6 * H;
        let c = complaint(Severity::Normal, fri_16);
        let k = check(&c, &normal, &hours(), fri_16 + H);
        assert_eq!(k.next_check_at, Some(MON_10 + H));
        let monday = check(&c, &normal, &hours(), MON_10 + H);
        assert_eq!(monday.due.len(), 1);
    }

    #[test]
    fn a_stalled_step_nudges_then_escalates_at_twice_the_window() {
        let mut c = complaint(Severity::High, MON_10);
        c.acknowledged_at = Some(MON_10);
        c.status = Status::Active;
        let k = check(&c, &high(), &hours(), MON_10 + 24 * H);
        assert_eq!(k.due, vec![Due::StallNudge { waited: 24 * H }]);
        apply(&mut c, &k);
        assert_eq!(c.watch.next_check_at, Some(MON_10 + 48 * H));
        let k = check(&c, &high(), &hours(), MON_10 + 48 * H);
        assert_eq!(k.due, vec![Due::StallEscalation { waited: 48 * H }]);
    }

    #[test]
    fn a_promise_is_reminded_before_and_escalated_after() {
        let mut c = complaint(Severity::High, MON_10);
        c.acknowledged_at = Some(MON_10);
        c.status = Status::Active;
        c.step = Step::Solution;
        c.watch.stall_level = StallLevel::ManagersTold;
        c.promised_by = Some(MON_10 + 6 * H);
        let k = check(&c, &high(), &hours(), MON_10 + 3 * H);
        assert_eq!(k.next_check_at, Some(MON_10 + 4 * H), "two hours ahead");
        let k = check(&c, &high(), &hours(), MON_10 + 4 * H);
        assert_eq!(
            k.due,
            vec![Due::PromiseReminder {
                promised_by: MON_10 + 6 * H
            }]
        );
        apply(&mut c, &k);
        let k = check(&c, &high(), &hours(), MON_10 + 6 * H);
        assert_eq!(
            k.due,
            vec![Due::PromiseBreached {
                promised_by: MON_10 + 6 * H
            }]
        );
        apply(&mut c, &k);
        assert_eq!(c.watch.next_check_at, None, "nothing more to watch");
        c.step = Step::Reinforce;
        c.watch.promise_stage = PromiseStage::Pending;
        assert!(
            check(&c, &high(), &hours(), MON_10 + 7 * H).due.is_empty(),
            "step 4 done: no breach"
        );
    }

    #[test]
    fn a_late_sweep_catches_up_with_one_nudge() {
        let c = complaint(Severity::High, MON_10);
        let k = check(&c, &high(), &hours(), MON_10 + 5 * H);
        let nudges = k
            .due
            .iter()
            .filter(|d| matches!(d, Due::AckNudge { .. }))
            .count();
        assert_eq!(nudges, 1);
        assert_eq!(k.ack_nudges, 5);
        assert_eq!(k.escalation_level, 1);
    }

    #[test]
    fn finished_complaints_are_left_alone() {
        let mut c = complaint(Severity::Critical, MON_10);
        c.status = Status::Closed;
        let k = check(&c, &high(), &hours(), MON_10 + 100 * H);
        assert!(k.due.is_empty() && k.next_check_at.is_none());
    }
}
