//! [`MessageId`]: the message id of a decoded frame, kept without a heap allocation when it is
//! short.
//!
//! OCPP-J message ids are strings of at most 36 characters, and in practice ASCII: counters
//! (`"19223201"`) or UUIDs (`"6f1c2a44-6d0e-4b7a-9a0b-3f5e2d1c0b9a"`, exactly 36 bytes). A
//! `MessageId` stores any id of up to 36 bytes inline, so decoding a frame does not allocate for
//! its id; a longer one (36 characters of non-ASCII text, or an id built by hand) goes on the heap.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arrayvec::ArrayString;

/// The longest message id OCPP-J allows, in characters.
pub const MAX_MESSAGE_ID_LEN: usize = 36;

/// The most bytes a [`MessageId`] keeps inline.
const INLINE: usize = MAX_MESSAGE_ID_LEN;

/// The message id of a frame: a string that derefs to `&str`, compares and hashes as one, and
/// needs no heap allocation when it is at most 36 bytes long (every ASCII id OCPP-J allows).
///
/// ```
/// use chargeshift_ocpp::MessageId;
///
/// let id = MessageId::from("6f1c2a44-6d0e-4b7a-9a0b-3f5e2d1c0b9a");
/// assert_eq!(id, "6f1c2a44-6d0e-4b7a-9a0b-3f5e2d1c0b9a");
/// assert_eq!(id.len(), 36);
/// assert!(id.is_inline());
/// assert!(!MessageId::from("é".repeat(36).as_str()).is_inline());
/// let owned: String = id.into();
/// assert!(owned.starts_with("6f1c"));
/// ```
#[derive(Clone)]
pub struct MessageId(Repr);

#[derive(Clone)]
enum Repr {
    Inline(ArrayString<INLINE>),
    Heap(Box<str>),
}

impl MessageId {
    /// The id as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(s) => s.as_str(),
            Repr::Heap(s) => s,
        }
    }

    /// Whether the id is stored inline (it is when it has at most 36 bytes).
    #[must_use]
    pub const fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(_))
    }
}

impl Default for MessageId {
    /// The empty id (a CALLERROR answers an unreadable frame with it).
    fn default() -> Self {
        Self(Repr::Inline(ArrayString::new()))
    }
}

impl From<&str> for MessageId {
    fn from(s: &str) -> Self {
        Self(ArrayString::from(s).map_or_else(|_| Repr::Heap(s.into()), Repr::Inline))
    }
}

impl From<String> for MessageId {
    fn from(s: String) -> Self {
        match ArrayString::from(&s) {
            Ok(inline) => Self(Repr::Inline(inline)),
            Err(_) => Self(Repr::Heap(s.into_boxed_str())),
        }
    }
}

impl From<MessageId> for String {
    fn from(id: MessageId) -> Self {
        match id.0 {
            Repr::Inline(s) => s.as_str().to_owned(),
            Repr::Heap(s) => s.into_string(),
        }
    }
}

impl Deref for MessageId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for MessageId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for MessageId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for MessageId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for MessageId {}

impl PartialOrd for MessageId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MessageId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for MessageId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for MessageId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for MessageId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for MessageId {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<MessageId> for str {
    fn eq(&self, other: &MessageId) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<MessageId> for &str {
    fn eq(&self, other: &MessageId) -> bool {
        *self == other.as_str()
    }
}

impl serde::Serialize for MessageId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for MessageId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = crate::de::Key::deserialize(d)?;
        Ok(Self::from(key.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::MessageId;
    use std::collections::HashSet;

    #[test]
    fn inline_up_to_36_bytes_heap_beyond() {
        for len in [0, 1, 8, 35, 36] {
            let text = "x".repeat(len);
            let id = MessageId::from(text.as_str());
            assert!(id.is_inline(), "{len}");
            assert_eq!(id.as_str(), text);
        }
        let long = "ü".repeat(36); // 36 characters, 72 bytes
        let id = MessageId::from(long.clone());
        assert!(!id.is_inline());
        assert_eq!(id, long);
        assert_eq!(String::from(id), long);
    }

    #[test]
    fn compares_and_hashes_as_its_text() {
        let mut set = HashSet::new();
        set.insert(MessageId::from("a"));
        assert!(set.contains("a"));
        assert!(!set.contains("b"));
        let mut ids: Vec<MessageId> = ["b", "a", "c"].into_iter().map(MessageId::from).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(format!("{:?}", MessageId::from("a\"b")), r#""a\"b""#);
        assert_eq!(MessageId::from("ab").to_string(), "ab");
    }

    #[test]
    fn serde_as_a_string() {
        let id: MessageId = serde_json::from_str(r#""a\u0062c""#).unwrap_or_else(|_| "?".into());
        assert_eq!(id, "abc");
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some(r#""abc""#));
        assert!(serde_json::from_str::<MessageId>("1").is_err());
    }
}
