//! Each server's stored settings as commands last read them. Every command
//! needs them first thing, and reading them was one of the few statements a
//! `/complaint new` makes (each a round trip to the database's thread or
//! server). A save in this process is seen at once; a change made elsewhere
//! (another replica, `rapport import`) within `FRESH_FOR`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::Conn;
use super::settings::{self, StoredSettings};
use crate::domain::ids::GuildId;

/// How long a reading stands without being checked against the database.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

#[derive(Default)]
pub struct SettingsCache {
    read: Mutex<HashMap<GuildId, Reading>>,
    /// Bumped by every save: a reading begun before it is not kept, even if
    /// it ends after (it may have read the old row).
    generation: AtomicU64,
}

struct Reading {
    at: Instant,
    generation: u64,
    settings: StoredSettings,
}

impl SettingsCache {
    /// The server's settings, from the last reading if it is fresh at `at`.
    pub async fn load(
        &self,
        conn: &mut Conn,
        guild: GuildId,
        at: Instant,
    ) -> Result<StoredSettings, sqlx::Error> {
        if let Some(kept) = self.fresh(guild, at) {
            return Ok(kept);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let settings = settings::load(conn, guild).await?;
        if let Ok(mut read) = self.read.lock()
            && self.generation.load(Ordering::SeqCst) == generation
        {
            read.insert(
                guild,
                Reading {
                    at,
                    generation,
                    settings: settings.clone(),
                },
            );
        }
        Ok(settings)
    }

    /// Saves the server's settings; every reading taken so far is dropped.
    pub async fn save(
        &self,
        conn: &mut Conn,
        guild: GuildId,
        s: &StoredSettings,
        now: crate::domain::ids::Timestamp,
    ) -> Result<(), sqlx::Error> {
        let saved = settings::save(conn, guild, s, now).await;
        // A reading that began before the write holds the old row: the
        // bumped generation keeps it from being kept.
        self.forget();
        saved
    }

    /// Drops every reading: after the transaction that saved settings has
    /// committed, a reading that began before the commit may hold the old row.
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut read) = self.read.lock() {
            read.clear();
        }
    }

    fn fresh(&self, guild: GuildId, at: Instant) -> Option<StoredSettings> {
        let read = self.read.lock().ok()?;
        let kept = read.get(&guild)?;
        let young = at.checked_duration_since(kept.at)? < FRESH_FOR;
        (young && kept.generation == self.generation.load(Ordering::SeqCst))
            .then(|| kept.settings.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        (dir, Db::connect(&url).await.expect("db"))
    }

    async fn language(db: &Db, at: Instant) -> Option<String> {
        let mut conn = db.pool.acquire().await.expect("conn");
        let s = db.settings_cache.load(&mut conn, GuildId(1), at).await;
        s.expect("load").language
    }

    async fn write_behind_its_back(db: &Db, lang: &str) {
        sqlx::query("INSERT INTO guild_settings (guild_id, language, updated_at) VALUES (1, $1, 0) ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language")
            .bind(lang)
            .execute(&db.pool)
            .await
            .expect("write");
    }

    #[tokio::test]
    async fn a_save_here_is_seen_at_once_a_change_elsewhere_once_the_reading_is_stale() {
        let (_dir, db) = db().await;
        let start = Instant::now();
        assert_eq!(language(&db, start).await, None);
        let mut tx = db.begin_write().await.expect("tx");
        let chosen = StoredSettings {
            language: Some("zh".into()),
            ..StoredSettings::default()
        };
        db.settings_cache
            .save(&mut tx, GuildId(1), &chosen, 0)
            .await
            .expect("save");
        tx.commit().await.expect("commit");
        assert_eq!(language(&db, start).await.as_deref(), Some("zh"));
        // Another process changes it: the reading stands while it is fresh...
        write_behind_its_back(&db, "en").await;
        let soon = start + FRESH_FOR / 2;
        assert_eq!(language(&db, soon).await.as_deref(), Some("zh"));
        // ...and is read again once it is not; forget() drops it at once.
        let later = start + FRESH_FOR;
        assert_eq!(language(&db, later).await.as_deref(), Some("en"));
        write_behind_its_back(&db, "zh").await;
        db.settings_cache.forget();
        assert_eq!(language(&db, later).await.as_deref(), Some("zh"));
    }
}
