//! The tables that make up one server's data, column by column, in the
//! order they are written back (a row only refers to rows written before
//! it). The outbox is not data but messages in flight, and the schedules
//! are made again at start; neither moves.

/// Every column is one of the two types rapport stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
}

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub kind: Kind,
    /// The table whose row id this column holds; remapped on import.
    pub refers: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    /// Rows get fresh ids on import; the old ones are kept to remap references.
    pub has_id: bool,
    /// How a server's rows are found, as a condition on `$1` = the server.
    pub filter: &'static str,
    /// The order rows are read and written in (the id, when there is one).
    pub order: &'static str,
    pub cols: &'static [Col],
}

const fn int(name: &'static str) -> Col {
    Col {
        name,
        kind: Kind::Int,
        refers: None,
    }
}

const fn text(name: &'static str) -> Col {
    Col {
        name,
        kind: Kind::Text,
        refers: None,
    }
}

const fn id_of(name: &'static str, table: &'static str) -> Col {
    Col {
        name,
        kind: Kind::Int,
        refers: Some(table),
    }
}

const BY_GUILD: &str = "guild_id = $1";

pub const TABLES: &[Table] = &[
    Table {
        name: "guild_settings",
        has_id: false,
        filter: BY_GUILD,
        order: "guild_id",
        cols: &[
            int("guild_id"),
            text("language"),
            text("timezone"),
            int("complaints_channel"),
            int("alerts_channel"),
            int("manager_role"),
            int("second_role"),
            int("approval_threshold"),
            int("updated_at"),
            text("work_days"),
            text("work_hours"),
            text("webhook_url"),
            text("webhook_format"),
        ],
    },
    Table {
        name: "members",
        has_id: false,
        filter: BY_GUILD,
        order: "user_id",
        cols: &[
            int("guild_id"),
            int("user_id"),
            text("name"),
            text("name_key"),
            text("role"),
            int("seen_at"),
        ],
    },
    Table {
        name: "complaint_counters",
        has_id: false,
        filter: BY_GUILD,
        order: "guild_id",
        cols: &[int("guild_id"), int("last_number")],
    },
    Table {
        name: "customers",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            text("name"),
            text("name_key"),
            int("owner_id"),
            text("tier"),
            int("cadence_days"),
            text("stage"),
            int("renewal_on"),
            text("decision_maker"),
            int("at_risk"),
            int("last_visit_at"),
            int("last_boss_visit_at"),
            int("created_at"),
            int("updated_at"),
            int("visit_due_at"),
            int("boss_due_at"),
            int("risk_alerted_for"),
        ],
    },
    Table {
        name: "complaints",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            int("number"),
            id_of("customer_id", "customers"),
            text("summary"),
            text("details"),
            text("category"),
            text("severity"),
            text("temperament"),
            text("source"),
            int("owner_id"),
            int("reporter_id"),
            text("status"),
            int("step"),
            int("acknowledged_at"),
            int("promised_by"),
            int("escalation_level"),
            int("thread_id"),
            int("created_at"),
            int("updated_at"),
            int("closed_at"),
            int("step_started_at"),
            int("ack_nudges"),
            int("stall_level"),
            int("promise_stage"),
            int("next_check_at"),
            text("harm_body"),
            text("harm_feelings"),
            text("harm_money"),
            text("severity_reason"),
            int("follow_up_at"),
            int("follow_up_stage"),
            text("source_link"),
            int("source_channel_id"),
        ],
    },
    Table {
        name: "follow_ups",
        has_id: true,
        filter: "complaint_id IN (SELECT id FROM complaints WHERE guild_id = $1)",
        order: "id",
        cols: &[
            id_of("complaint_id", "complaints"),
            int("satisfied"),
            text("failed"),
            text("still_open"),
            int("logged_by"),
            int("logged_at"),
        ],
    },
    Table {
        name: "step_records",
        has_id: true,
        filter: "complaint_id IN (SELECT id FROM complaints WHERE guild_id = $1)",
        order: "id",
        cols: &[
            id_of("complaint_id", "complaints"),
            int("step"),
            text("data"),
            int("recorded_by"),
            int("recorded_at"),
            int("superseded"),
            int("approved_by"),
            int("approved_at"),
        ],
    },
    Table {
        name: "events",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            id_of("complaint_id", "complaints"),
            id_of("customer_id", "customers"),
            int("actor_id"),
            text("kind"),
            text("detail"),
            int("at"),
        ],
    },
    Table {
        name: "visits",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            id_of("customer_id", "customers"),
            int("rep_id"),
            text("met"),
            int("at"),
            text("note"),
            int("created_at"),
        ],
    },
    Table {
        name: "scores",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            id_of("customer_id", "customers"),
            id_of("complaint_id", "complaints"),
            int("overall"),
            int("again"),
            int("recommend"),
            text("to_five"),
            int("recorded_by"),
            int("at"),
        ],
    },
    Table {
        name: "polls",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            id_of("customer_id", "customers"),
            id_of("complaint_id", "complaints"),
            int("started_by"),
            int("from_round"),
            int("overall"),
            int("again"),
            int("recommend"),
            text("status"),
            int("created_at"),
            int("answered_at"),
            int("remind_at"),
            int("reminded_at"),
        ],
    },
    Table {
        name: "win_back_steps",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            id_of("customer_id", "customers"),
            int("step"),
            int("done_at"),
            int("done_by"),
        ],
    },
    Table {
        name: "decisions",
        has_id: true,
        filter: BY_GUILD,
        order: "id",
        cols: &[
            int("guild_id"),
            text("what"),
            int("owner_id"),
            int("due_at"),
            int("decided_by"),
            int("decided_at"),
            int("done_at"),
            int("done_by"),
            text("done_note"),
            int("remind_at"),
        ],
    },
    Table {
        name: "trainings",
        has_id: false,
        filter: BY_GUILD,
        order: "complaint_id",
        cols: &[
            id_of("complaint_id", "complaints"),
            int("guild_id"),
            int("planned_at"),
            int("held_at"),
            int("updated_by"),
            int("updated_at"),
        ],
    },
];
