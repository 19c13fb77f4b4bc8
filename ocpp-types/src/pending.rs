//! The CALLs one end sent that await an answer, by message id, with a bound on their number.

use std::collections::{HashMap, VecDeque};

use crate::message_id::MessageId;

/// CALLs awaiting an answer, by message id.
///
/// With a limit, recording a CALL beyond it drops the oldest pending one (amortised constant time,
/// whatever the limit).
///
/// ```
/// use chargeshift_ocpp::PendingCalls;
///
/// let mut pending = PendingCalls::default();
/// pending.insert("1", "Reset", 2);
/// pending.insert("2", "ClearCache", 2);
/// pending.insert("3", "GetConfiguration", 2); // drops "1", the oldest
/// assert_eq!(pending.peek("1"), None);
/// assert_eq!(pending.take("2"), Some("ClearCache"));
/// assert_eq!(pending.len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PendingCalls {
    /// Message id → (insertion number, action); ids of up to 36 bytes need no allocation.
    calls: HashMap<MessageId, (u64, &'static str)>,
    /// Every recorded CALL in insertion order; an entry whose call was answered or recorded again
    /// since (its number no longer matches) is stale, skipped when dropping the oldest and
    /// compacted away once stale entries outnumber the live ones.
    order: VecDeque<(u64, MessageId)>,
    next: u64,
}

impl PendingCalls {
    /// Records a CALL of `action` with `message_id`; with a `limit` above 0, first drops the
    /// oldest pending CALLs until there is room. A CALL with the id of a pending one replaces it.
    pub fn insert(&mut self, message_id: &str, action: &'static str, limit: usize) {
        if limit > 0 && !self.calls.contains_key(message_id) {
            while self.calls.len() >= limit {
                let Some((n, id)) = self.order.pop_front() else {
                    break;
                };
                if self.calls.get(&id).is_some_and(|(live, _)| *live == n) {
                    self.calls.remove(&id);
                }
            }
        }
        self.next += 1;
        let id = MessageId::from(message_id);
        self.order.push_back((self.next, id.clone()));
        self.calls.insert(id, (self.next, action));
        if self.order.len() > 2 * self.calls.len() + 16 {
            let calls = &self.calls;
            self.order
                .retain(|(n, id)| calls.get(id).is_some_and(|(live, _)| live == n));
        }
    }

    /// The action of the CALL that `message_id` would answer, leaving it pending.
    #[must_use]
    pub fn peek(&self, message_id: &str) -> Option<&'static str> {
        self.calls.get(message_id).map(|(_, a)| *a)
    }

    /// Takes the CALL answered by `message_id`.
    pub fn take(&mut self, message_id: &str) -> Option<&'static str> {
        self.calls.remove(message_id).map(|(_, a)| a)
    }

    /// The number of CALLs awaiting an answer.
    #[must_use]
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether no CALL awaits an answer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::PendingCalls;

    #[test]
    fn the_oldest_pending_call_is_dropped_at_the_limit() {
        let mut p = PendingCalls::default();
        for id in ["a", "b", "c"] {
            p.insert(id, "Reset", 2);
        }
        assert_eq!(
            (p.peek("a"), p.peek("b"), p.peek("c")),
            (None, Some("Reset"), Some("Reset"))
        );
        // an answered call frees its room; the oldest still pending goes next
        assert_eq!(p.take("b"), Some("Reset"));
        p.insert("d", "ClearCache", 2);
        assert_eq!(p.len(), 2);
        p.insert("e", "ClearCache", 2);
        assert_eq!(
            (p.peek("c"), p.peek("d"), p.peek("e")),
            (None, Some("ClearCache"), Some("ClearCache"))
        );
        // recording a pending id again replaces it without dropping another, and makes it the newest
        p.insert("d", "Reset", 2);
        assert_eq!(
            (p.peek("d"), p.peek("e")),
            (Some("Reset"), Some("ClearCache"))
        );
        p.insert("f", "Reset", 2);
        assert_eq!(
            (p.peek("d"), p.peek("e"), p.peek("f")),
            (Some("Reset"), None, Some("Reset"))
        );
    }

    #[test]
    fn answered_calls_do_not_pile_up() {
        let mut p = PendingCalls::default();
        p.insert("kept", "Reset", 0);
        for i in 0..10_000 {
            let id = i.to_string();
            p.insert(&id, "Reset", 100);
            assert_eq!(p.take(&id), Some("Reset"));
        }
        assert_eq!(p.len(), 1);
        assert!(p.order.len() <= 2 * p.calls.len() + 17, "{}", p.order.len());
        assert_eq!(p.peek("kept"), Some("Reset"));
    }
}
