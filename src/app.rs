//! The one shared state every adapter holds.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Db;

#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
}

impl App {
    pub fn new(db: Db, config: Config, clock: Arc<dyn Clock>) -> App {
        App {
            db,
            config: Arc::new(config),
            clock,
        }
    }
}
