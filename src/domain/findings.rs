//! What a setup check can find. Each finding carries its facts; the
//! catalogues (`i18n::finding`) word it, with what to do about it.

use crate::domain::ids::GuildId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

impl Level {
    /// The fixed word a terminal line starts with, easy to grep for.
    pub fn word(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Warn => "warn",
            Level::Fail => "FAIL",
        }
    }

    /// The mark a Discord line starts with.
    pub fn mark(self) -> &'static str {
        match self {
            Level::Ok => "✅",
            Level::Warn => "⚠️",
            Level::Fail => "❌",
        }
    }
}

/// Which of a server's channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelUse {
    Complaints,
    Alerts,
}

/// Which of a server's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleUse {
    Manager,
    Second,
}

/// A channel permission the bot needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    ViewChannel,
    SendMessages,
    ReadMessageHistory,
    CreatePublicThreads,
    SendMessagesInThreads,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    ConfigLoaded {
        file: Option<String>,
    },
    /// The error names the key.
    ConfigBroken {
        error: String,
    },
    HttpAddrValid {
        addr: String,
    },
    HttpAddrInvalid {
        addr: String,
    },
    /// The manager's web view: on when RAPPORT_WEB_SECRET is set.
    WebView {
        on: bool,
        link_hours: i64,
    },
    DatabaseReady {
        url: String,
        migrations: usize,
    },
    /// A SQLite file that does not exist yet: start-up creates it.
    DatabaseNew {
        url: String,
    },
    DatabasePending {
        url: String,
        pending: usize,
    },
    /// Migrations this binary does not know: the database is newer than it.
    DatabaseTooNew {
        url: String,
        versions: Vec<i64>,
    },
    DatabaseUnreachable {
        url: String,
        error: String,
    },
    TokenMissing,
    TokenAccepted {
        bot: String,
        id: String,
    },
    TokenRefused {
        status: u16,
    },
    DiscordUnreachable {
        base: String,
        error: String,
    },
    ApplicationIdMatches {
        id: String,
    },
    ApplicationIdUnset {
        actual: String,
    },
    ApplicationIdMismatch {
        configured: String,
        actual: String,
    },
    PublicKeyValid,
    PublicKeyMissing,
    PublicKeyMalformed,
    PublicKeyMismatch,
    /// `RAPPORT_GATEWAY=off` without a public key: nothing would be served.
    NothingToServe,
    CronValid {
        name: String,
        expr: String,
    },
    CronInvalid {
        name: String,
        expr: String,
        error: String,
    },
    TimeZoneKnown {
        tz: String,
    },
    TimeZoneUnknown {
        tz: String,
    },
    WorkingHoursValid {
        days: String,
        hours: String,
    },
    WorkingHoursInvalid {
        days: String,
        hours: String,
    },
    NoServers,
    BotNotInServer,
    ChannelNotSet {
        which: ChannelUse,
    },
    ChannelFound {
        which: ChannelUse,
        channel: i64,
        name: String,
    },
    ChannelMissing {
        which: ChannelUse,
        channel: i64,
        status: u16,
    },
    ChannelElsewhere {
        which: ChannelUse,
        channel: i64,
    },
    PermissionsOk {
        which: ChannelUse,
        channel: i64,
    },
    PermissionsMissing {
        which: ChannelUse,
        channel: i64,
        missing: Vec<Perm>,
    },
    PermissionsUnverified {
        which: ChannelUse,
        channel: i64,
    },
    RoleNotSet {
        which: RoleUse,
    },
    RoleFound {
        which: RoleUse,
        role: i64,
        name: String,
    },
    RoleMissing {
        which: RoleUse,
        role: i64,
    },
    /// Neither mentionable nor pingable by the bot: escalations would not notify.
    RoleNotMentionable {
        which: RoleUse,
        role: i64,
    },
    /// The console cannot see Discord; `rapport doctor` or `/rapport setup` can.
    DiscordNotChecked,
}

/// One line of the report; `guild` says which server it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub guild: Option<GuildId>,
    pub level: Level,
    pub finding: Finding,
}

impl Check {
    pub fn new(level: Level, finding: Finding) -> Check {
        Check {
            guild: None,
            level,
            finding,
        }
    }

    pub fn ok(finding: Finding) -> Check {
        Check::new(Level::Ok, finding)
    }

    pub fn warn(finding: Finding) -> Check {
        Check::new(Level::Warn, finding)
    }

    pub fn fail(finding: Finding) -> Check {
        Check::new(Level::Fail, finding)
    }

    pub fn in_guild(mut self, guild: GuildId) -> Check {
        self.guild = Some(guild);
        self
    }
}
