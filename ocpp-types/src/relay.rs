//! Passing a decoded frame on, as a gateway in front of two back offices does: byte for byte, or
//! encoded again strictly or with the leniencies that kept what they read.

use crate::decoder::{Decoded, Decoder, Message};
use crate::encode_error::EncodeError;
use crate::framing::{Frame, FrameKind};
use crate::messages::Messages;
use crate::validate::Leniency;

/// How [`Decoder::relay`] passes on a frame another end decoded.
///
/// What each leniency does to a frame relayed each way:
///
/// | leniency | `Verbatim` | `Strict` | `Lenient` |
/// |----------|------------|----------|-----------|
/// | `enum_case` | as sent (`accepted`) | the listed value (`Accepted`) | the listed value |
/// | `timestamp_offsets`, `timestamp_spaces` | as sent | RFC 3339 in UTC at the relaying end's precision | the same |
/// | `numbers_as_strings` | as sent (`"12.5"`) | the number (`12.5`) | the number |
/// | `strings_as_numbers` | as sent (`0`) | the string (`"0"`) | the string |
/// | `data_transfer_object` | as sent (an object) | its JSON text as the string 1.6 wants | the same |
/// | `unknown_fields` | as sent | dropped | dropped |
/// | `long_strings` | as sent | an [`EncodeError`] (`maxLength`) | kept |
/// | `unlisted_enum_values` | as sent | an [`EncodeError`] (not a listed value) | written back unchanged |
///
/// `Strict` is what a back office that accepts only valid frames gets; `Verbatim` is what the
/// charger sent, deviations and all; `Lenient` repairs what can be repaired and keeps the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Relay {
    /// The frame's text as it was read, byte for byte (not parsed again).
    #[default]
    Verbatim,
    /// The decoded message encoded again and validated strictly: what a leniency repaired is
    /// written repaired, and what it only kept (an over-long string, an unlisted enum value) is an
    /// [`EncodeError::Invalid`] naming the field.
    Strict,
    /// The decoded message encoded again and validated with the relaying end's own leniencies:
    /// repaired values written repaired, kept ones (an unlisted enum value, an over-long string)
    /// written back as they were read.
    Lenient,
}

impl<M: Messages> Decoder<M> {
    /// Passes on, as this end's own frame, a frame that another end decoded into `decoded` from
    /// the text `raw`, the way `how` says; a CALL relayed is recorded as pending here, so that the
    /// answer to it is typed.
    ///
    /// Complexity: O(n) in the size of the message.
    ///
    /// # Errors
    /// With [`Relay::Strict`] or [`Relay::Lenient`], the [`EncodeError`] of encoding the message
    /// from this end (its schema, its direction). [`Relay::Verbatim`] does not fail.
    ///
    /// ```
    /// use chargeshift_ocpp::{DecodeOptions, Decoder, EncodeError, Endpoint, Leniency, Relay, v16::Ocpp16};
    ///
    /// // a gateway's two ends: the charger's CSMS and the back office's charge point
    /// let lenient = DecodeOptions::default().with_leniency(Leniency::all());
    /// let mut from_charger = Decoder::<Ocpp16>::with_options(Endpoint::Csms, lenient);
    /// let mut to_back_office = Decoder::<Ocpp16>::with_options(Endpoint::ChargePoint, lenient);
    ///
    /// let raw = r#"[2,"7","StatusNotification",{"connectorId":1,"errorCode":"AcmeRelayStuck","status":"faulted"}]"#;
    /// let decoded = from_charger.decode(raw)?;
    /// assert_eq!(decoded.deviations.len(), 2); // an unlisted errorCode, a status in the wrong case
    ///
    /// assert_eq!(to_back_office.relay(raw, &decoded, Relay::Verbatim)?, raw);
    /// assert_eq!(
    ///     to_back_office.relay(raw, &decoded, Relay::Lenient)?,
    ///     r#"[2,"7","StatusNotification",{"connectorId":1,"errorCode":"AcmeRelayStuck","status":"Faulted"}]"#
    /// );
    /// let strict = to_back_office.relay(raw, &decoded, Relay::Strict).unwrap_err();
    /// assert!(matches!(&strict, EncodeError::Invalid { violation, .. } if violation.path == "$.errorCode"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn relay(
        &mut self,
        raw: &str,
        decoded: &Decoded<M>,
        how: Relay,
    ) -> Result<String, EncodeError> {
        let leniency = match how {
            Relay::Verbatim => {
                if let Message::Call {
                    message_id,
                    request,
                } = &decoded.message
                {
                    let limit = self.max_pending();
                    self.pending_mut()
                        .insert(message_id, M::request_action(request), limit);
                }
                return Ok(raw.to_owned());
            }
            Relay::Strict => Leniency::strict(),
            Relay::Lenient => self.leniency(),
        };
        match &decoded.message {
            Message::Call {
                message_id,
                request,
            } => {
                let action = M::request_action(request);
                let payload = self.encode(
                    message_id,
                    action,
                    FrameKind::Call,
                    M::request_to_value(request),
                    leniency,
                )?;
                let limit = self.max_pending();
                self.pending_mut().insert(message_id, action, limit);
                Ok(Frame::Call {
                    message_id: message_id.clone(),
                    action: action.to_owned(),
                    payload,
                }
                .to_string())
            }
            Message::Send {
                message_id,
                request,
            } => {
                let action = M::request_action(request);
                let payload = self.encode(
                    message_id,
                    action,
                    FrameKind::Send,
                    M::request_to_value(request),
                    leniency,
                )?;
                Ok(Frame::Send {
                    message_id: message_id.clone(),
                    action: action.to_owned(),
                    payload,
                }
                .to_string())
            }
            Message::CallResult {
                message_id,
                response,
            } => {
                let payload = self.encode(
                    message_id,
                    M::response_action(response),
                    FrameKind::CallResult,
                    M::response_to_value(response),
                    leniency,
                )?;
                Ok(Frame::CallResult {
                    message_id: message_id.clone(),
                    payload,
                }
                .to_string())
            }
            Message::CallError {
                message_id,
                error_code_text,
                error_description,
                error_details,
                about_result,
                ..
            } => {
                let (error_code, error_description, error_details) = (
                    error_code_text.clone(),
                    error_description.clone(),
                    error_details.clone(),
                );
                let message_id = message_id.clone();
                Ok(if *about_result {
                    Frame::CallResultError {
                        message_id,
                        error_code,
                        error_description,
                        error_details,
                    }
                } else {
                    Frame::CallError {
                        message_id,
                        error_code,
                        error_description,
                        error_details,
                    }
                }
                .to_string())
            }
        }
    }
}
