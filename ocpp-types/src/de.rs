//! The helpers of the generated `Deserialize` implementations.
//!
//! The generated message types deserialise strictly, as their schemas say: only from a JSON
//! object (never from an array of values in field order), a `null` is never read as an absent
//! field, a field given twice is an error, and a field the schema does not know is an error unless
//! the schema allows further properties (those are kept in the type's `additional` map).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// An object key, borrowed from the input when it holds no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads the value of a field into its slot; a field given twice is an error.
#[inline(always)]
pub(crate) fn field<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required field's value, or the error that it is missing.
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The error for a field the schema does not know.
pub(crate) fn unknown<E: de::Error>(key: &Key<'_>, fields: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), fields)
}

/// Keeps a further property that the schema allows.
pub(crate) fn additional<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    into: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<(), A::Error> {
    let key = key.into_owned();
    if into.contains_key(&key) {
        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
    }
    let value = map.next_value()?;
    into.insert(key, value);
    Ok(())
}

/// What the fast path of the decoder read from a frame.
pub(crate) enum FastFrame<Req, Resp> {
    /// A CALL (or a 2.1 SEND when `send`).
    Call {
        message_id: crate::MessageId,
        request: Req,
        send: bool,
    },
    /// A CALLRESULT answering a pending CALL.
    Result {
        message_id: crate::MessageId,
        response: Resp,
    },
}

/// What the fast path needs to know to read one frame.
pub(crate) struct FastFrameSeed<'a, M> {
    /// Who sent the frame.
    pub(crate) sender: crate::Endpoint,
    /// The pending CALLs (only looked at; the caller takes the entry once the frame is valid).
    pub(crate) pending: &'a crate::PendingCalls,
    pub(crate) _version: std::marker::PhantomData<M>,
}

/// Reads the request of the action at this index of `M::actions()`.
struct RequestSeed<M>(usize, std::marker::PhantomData<M>);
/// Reads the response to the action at this index of `M::actions()`.
struct ResponseSeed<M>(usize, std::marker::PhantomData<M>);

fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

impl<'de, M: crate::Messages> DeserializeSeed<'de> for RequestSeed<M> {
    type Value = M::Request;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<M::Request, D::Error> {
        M::deserialize_request(self.0, d).unwrap_or_else(|| Err(give_up()))
    }
}

impl<'de, M: crate::Messages> DeserializeSeed<'de> for ResponseSeed<M> {
    type Value = M::Response;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<M::Response, D::Error> {
        M::deserialize_response(self.0, d).unwrap_or_else(|| Err(give_up()))
    }
}

impl<'de, M: crate::Messages> DeserializeSeed<'de> for FastFrameSeed<'_, M> {
    type Value = FastFrame<M::Request, M::Response>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, M: crate::Messages> Visitor<'de> for FastFrameSeed<'_, M> {
    type Value = FastFrame<M::Request, M::Response>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCPP-J frame")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let kind: u64 = seq.next_element()?.ok_or_else(give_up)?;
        let message_id: Key<'de> = seq.next_element()?.ok_or_else(give_up)?;
        if !crate::framing::valid_message_id(message_id.as_str()) {
            return Err(give_up());
        }
        let message_id = crate::MessageId::from(message_id.as_str());
        match kind {
            2 | 6 => {
                let send = kind == 6;
                if send && !M::VERSION.has_send_and_call_result_error() {
                    return Err(give_up());
                }
                let action: Key<'de> = seq.next_element()?.ok_or_else(give_up)?;
                let index = M::action_index(action.as_str()).ok_or_else(give_up)?;
                let info = M::actions().get(index).ok_or_else(give_up)?;
                if !info.direction.allows(self.sender) || info.send_only() != send {
                    return Err(give_up());
                }
                let request = seq
                    .next_element_seed(RequestSeed::<M>(index, std::marker::PhantomData))?
                    .ok_or_else(give_up)?;
                Ok(FastFrame::Call {
                    message_id,
                    request,
                    send,
                })
            }
            3 => {
                let action = self.pending.peek(&message_id).ok_or_else(give_up)?;
                let index = M::action_index(action).ok_or_else(give_up)?;
                let response = seq
                    .next_element_seed(ResponseSeed::<M>(index, std::marker::PhantomData))?
                    .ok_or_else(give_up)?;
                Ok(FastFrame::Result {
                    message_id,
                    response,
                })
            }
            _ => Err(give_up()),
        }
    }
}
