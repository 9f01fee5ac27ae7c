//! Browser storage behind `course::progress::Store`.
//!
//! We wrap `web_sys::Storage` directly rather than gloo-storage: gloo's
//! `LocalStorage::raw()` throws when the browser blocks storage (private mode,
//! disabled site data), which would kill the app. Here a blocked storage falls
//! back to memory and the learner is told that progress will not be kept.
use crate::course::progress::{MemoryStore, Store};

/// localStorage when the browser allows it, else memory.
pub enum BrowserStore {
    Local(web_sys::Storage),
    Memory(MemoryStore),
}

impl BrowserStore {
    pub fn open() -> BrowserStore {
        match web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            Some(storage) => BrowserStore::Local(storage),
            None => BrowserStore::Memory(MemoryStore::default()),
        }
    }

    /// Whether progress survives a reload.
    pub fn is_persistent(&self) -> bool {
        matches!(self, BrowserStore::Local(_))
    }
}

impl Store for BrowserStore {
    fn get(&self, key: &str) -> Option<String> {
        match self {
            BrowserStore::Local(s) => s.get_item(key).ok().flatten(),
            BrowserStore::Memory(m) => m.get(key),
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match self {
            BrowserStore::Local(s) => s.set_item(key, value).map_err(|e| format!("{e:?}")),
            BrowserStore::Memory(m) => m.set(key, value),
        }
    }
}
