//! The decoder's fast path: one serde pass that reads a whole frame straight into its typed
//! request or response (see [`crate::Decoder::decode_valid`]), giving up on anything that needs
//! the full path.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

use crate::de::Key;

/// What the fast path of the decoder read from a frame.
pub(crate) enum FastFrame<Req, Resp> {
    /// A CALL (or a 2.1 SEND when `send`).
    Call {
        message_id: crate::message_id::MessageId,
        request: Req,
        send: bool,
    },
    /// A CALLRESULT answering a pending CALL.
    Result {
        message_id: crate::message_id::MessageId,
        response: Resp,
    },
}

/// What the fast path needs to know to read one frame.
pub(crate) struct FastFrameSeed<'a, M> {
    /// Who sent the frame.
    pub(crate) sender: crate::direction::Endpoint,
    /// The pending CALLs (only looked at; the caller takes the entry once the frame is valid).
    pub(crate) pending: &'a crate::pending::PendingCalls,
    /// The action every CALLRESULT answers, when the caller knows it (then `pending` is not
    /// looked at).
    pub(crate) answers: Option<&'static str>,
    pub(crate) _version: std::marker::PhantomData<M>,
}

/// Reads the request of the action at this index of `M::actions()`.
struct RequestSeed<M>(usize, std::marker::PhantomData<M>);
/// Reads the response to the action at this index of `M::actions()`.
struct ResponseSeed<M>(usize, std::marker::PhantomData<M>);

fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

impl<'de, M: crate::messages::Messages> DeserializeSeed<'de> for RequestSeed<M> {
    type Value = M::Request;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<M::Request, D::Error> {
        M::deserialize_request(self.0, d).unwrap_or_else(|| Err(give_up()))
    }
}

impl<'de, M: crate::messages::Messages> DeserializeSeed<'de> for ResponseSeed<M> {
    type Value = M::Response;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<M::Response, D::Error> {
        M::deserialize_response(self.0, d).unwrap_or_else(|| Err(give_up()))
    }
}

impl<'de, M: crate::messages::Messages> DeserializeSeed<'de> for FastFrameSeed<'_, M> {
    type Value = FastFrame<M::Request, M::Response>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, M: crate::messages::Messages> Visitor<'de> for FastFrameSeed<'_, M> {
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
        let message_id = crate::message_id::MessageId::from(message_id.as_str());
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
                let action = match self.answers {
                    Some(action) => action,
                    None => self.pending.peek(&message_id).ok_or_else(give_up)?,
                };
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
