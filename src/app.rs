//! The one shared state every adapter holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Db;

#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Member names already stored, so an interaction only writes a name
    /// when it is new or changed.
    pub known_names: Arc<Mutex<HashMap<(i64, i64), String>>>,
}

impl App {
    pub fn new(db: Db, config: Config, clock: Arc<dyn Clock>) -> App {
        App {
            db,
            config: Arc::new(config),
            clock,
            known_names: Arc::default(),
        }
    }
}
