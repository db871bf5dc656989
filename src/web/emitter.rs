//! Event listeners by name. Dispatch works on a snapshot, so handlers may
//! subscribe and unsubscribe freely while an event is being delivered.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;

/// One subscription.
#[derive(Clone)]
pub struct Listener {
    /// The page's handler.
    pub handler: Function,
    /// Removed before its first call.
    pub once: bool,
}

/// Listeners by event name: a list of the names that have any, searched
/// in order. There are at most a hundred or so event names, and a
/// `HashMap` would add its hashing and table code to the wasm bundle.
#[derive(Default)]
pub struct Emitter {
    listeners: RefCell<Listeners>,
}

#[derive(Default)]
struct Listeners(Vec<(String, Rc<[Listener]>)>);

impl Listeners {
    fn get(&self, name: &str) -> Option<&Rc<[Listener]>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, l)| l)
    }

    fn insert(&mut self, name: &str, list: Rc<[Listener]>) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = list,
            None => self.0.push((name.to_string(), list)),
        }
    }

    fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| n != name);
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

impl Emitter {
    /// Adds a listener.
    pub fn add(&self, name: &str, handler: Function, once: bool) {
        let mut map = self.listeners.borrow_mut();
        let mut list: Vec<Listener> = map.get(name).map(|l| l.to_vec()).unwrap_or_default();
        list.push(Listener { handler, once });
        map.insert(name, list.into());
    }

    /// Removes `handler` from `name`, every listener of `name` when no
    /// handler is given, or every listener when no name is given either.
    pub fn remove(&self, name: Option<&str>, handler: Option<&Function>) {
        let mut map = self.listeners.borrow_mut();
        match (name, handler) {
            (None, _) => map.clear(),
            (Some(name), None) => {
                map.remove(name);
            }
            (Some(name), Some(handler)) => {
                if let Some(list) = map.get(name) {
                    let kept: Vec<Listener> = list.iter().filter(|l| &l.handler != handler).cloned().collect();
                    if kept.is_empty() {
                        map.remove(name);
                    } else {
                        map.insert(name, kept.into());
                    }
                }
            }
        }
    }

    /// Removes one `once` listener before it runs; false when something
    /// else removed it first.
    pub fn take_once(&self, name: &str, handler: &Function) -> bool {
        let mut map = self.listeners.borrow_mut();
        let Some(list) = map.get(name) else { return false };
        let Some(pos) = list.iter().position(|l| l.once && &l.handler == handler) else { return false };
        let mut kept = list.to_vec();
        kept.remove(pos);
        if kept.is_empty() {
            map.remove(name);
        } else {
            map.insert(name, kept.into());
        }
        true
    }

    /// The listeners of `name` at this moment.
    pub fn snapshot(&self, name: &str) -> Option<Rc<[Listener]>> {
        self.listeners.borrow().get(name).cloned()
    }
}
