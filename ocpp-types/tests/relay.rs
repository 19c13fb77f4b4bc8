//! The leniency `unlisted_enum_values` in every version, and every leniency's round trip through a
//! gateway: what one end decodes leniently, the other end relays byte for byte, strictly or
//! leniently re-encoded ([`Relay`]).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_ocpp::{
    DecodeOptions, Decoded, Decoder, EncodeError, Endpoint, ErrorCode, Leniency, LeniencyKind,
    Message, Messages, OcppVersion, Relay, v16, v21, v201,
};

fn only(set: impl FnOnce(&mut Leniency)) -> Leniency {
    let mut l = Leniency::strict();
    set(&mut l);
    l
}

fn unlisted() -> Leniency {
    only(|l| l.unlisted_enum_values = true)
}

/// The CSMS end of a gateway, decoding what a charger sends with `leniency`.
fn csms<M: Messages>(leniency: Leniency) -> Decoder<M> {
    Decoder::with_options(
        Endpoint::Csms,
        DecodeOptions::default().with_leniency(leniency),
    )
}

/// The charge point end of a gateway, relaying to the back office with `leniency`.
fn charge_point<M: Messages>(leniency: Leniency) -> Decoder<M> {
    Decoder::with_options(
        Endpoint::ChargePoint,
        DecodeOptions::default().with_leniency(leniency),
    )
}

/// Checks one frame with one unlisted enum value at `path` in version `M`: strict rejects it with
/// PropertyConstraintViolation at the path (fast path too), the leniency reads and reports it,
/// and `Relay::Lenient` writes the frame back as it was (its keys already in order).
fn unlisted_round_trip<M: Messages>(frame: &str, path: &str, text: &str) -> Decoded<M> {
    let err = csms::<M>(Leniency::strict()).decode(frame).unwrap_err();
    assert_eq!(
        err.error_code(),
        ErrorCode::PropertyConstraintViolation,
        "{err}"
    );
    assert_eq!(err.path(), Some(path), "{err}");
    assert_eq!(
        err.error_code().as_str(M::VERSION),
        "PropertyConstraintViolation"
    );
    // the fast path is strict whatever the decoder's leniency: the frame goes to the full path
    assert!(csms::<M>(unlisted()).decode_valid(frame).is_none());
    // every other leniency on, this one off: still rejected
    let mut others = Leniency::all();
    others.unlisted_enum_values = false;
    assert_eq!(
        csms::<M>(others).decode(frame).unwrap_err().path(),
        Some(path)
    );

    let decoded = csms::<M>(unlisted()).decode(frame).unwrap();
    assert_eq!(decoded.deviations.len(), 1, "{:?}", decoded.deviations);
    assert_eq!(decoded.deviations[0].kind, LeniencyKind::UnlistedEnumValue);
    assert_eq!(decoded.deviations[0].path, path);
    assert!(decoded.deviations[0].detail.contains(text));

    let mut upstream = charge_point::<M>(unlisted());
    assert_eq!(
        upstream.relay(frame, &decoded, Relay::Lenient).unwrap(),
        frame
    );
    assert_eq!(
        upstream.relay(frame, &decoded, Relay::Verbatim).unwrap(),
        frame
    );
    match upstream.relay(frame, &decoded, Relay::Strict).unwrap_err() {
        EncodeError::Invalid { violation, .. } => {
            assert_eq!(violation.code, ErrorCode::PropertyConstraintViolation);
            assert_eq!(violation.path, path);
        }
        other => panic!("{other}"),
    }
    // the re-encoded frame reads back as the same message
    let again = csms::<M>(unlisted()).decode(frame).unwrap();
    assert_eq!(again.message, decoded.message);
    decoded
}

#[test]
fn a_vendor_error_code_in_1_6_is_kept_as_unlisted() {
    use v16::{Request, StatusNotificationRequestErrorCode as Code};
    let frame = r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"AcmeRelayStuck","status":"Faulted"}]"#;
    let decoded = unlisted_round_trip::<v16::Ocpp16>(frame, "$.errorCode", "AcmeRelayStuck");
    let Message::Call {
        request: Request::StatusNotification(n),
        ..
    } = decoded.message
    else {
        panic!("{:?}", decoded.message)
    };
    assert_eq!(n.error_code, Code::Unlisted("AcmeRelayStuck".to_owned()));
    assert_eq!(n.error_code.as_str(), "AcmeRelayStuck");
    assert!(!n.error_code.is_listed());
    assert_eq!(
        serde_json::to_value(&n.error_code).unwrap(),
        serde_json::json!("AcmeRelayStuck")
    );
    // a listed value stays listed, never Unlisted
    assert_eq!(Code::from_wire("OtherError"), Code::OtherError);
    assert!(Code::from_wire("OtherError").is_listed());
}

#[test]
fn a_vendor_reason_in_2_0_1_is_kept_as_unlisted() {
    use v201::{BootReasonEnumType as Reason, Request};
    let frame = r#"[2,"1","BootNotification",{"chargingStation":{"model":"M","vendorName":"V"},"reason":"AcmeWatchdog"}]"#;
    let decoded = unlisted_round_trip::<v201::Ocpp201>(frame, "$.reason", "AcmeWatchdog");
    let Message::Call {
        request: Request::BootNotification(b),
        ..
    } = decoded.message
    else {
        panic!()
    };
    assert!(matches!(&b.reason, Reason::Unlisted(r) if r == "AcmeWatchdog"));
}

#[test]
fn a_vendor_value_in_2_1_is_kept_as_unlisted_in_an_array_and_a_response() {
    // in an array item: MeterValues' sampled value context
    let frame = r#"[2,"1","MeterValues",{"evseId":1,"meterValue":[{"sampledValue":[{"context":"Acme.Periodic","value":1.5}],"timestamp":"2026-03-01T10:00:00.000Z"}]}]"#;
    unlisted_round_trip::<v21::Ocpp21>(
        frame,
        "$.meterValue[0].sampledValue[0].context",
        "Acme.Periodic",
    );
    // in a CALLRESULT the CSMS relays back to the charger
    let mut back_office_side = charge_point::<v21::Ocpp21>(unlisted());
    back_office_side.pending().insert("9", "Heartbeat", 0);
    let strict = {
        let mut d = charge_point::<v21::Ocpp21>(Leniency::strict());
        d.pending().insert("9", "BootNotification", 0);
        d.decode(r#"[3,"9",{"currentTime":"2026-03-01T10:00:00.000Z","interval":60,"status":"AcmeLater"}]"#)
            .unwrap_err()
    };
    assert_eq!(strict.error_code(), ErrorCode::PropertyConstraintViolation);
    assert_eq!(strict.path(), Some("$.status"));
    let mut d = charge_point::<v21::Ocpp21>(unlisted());
    d.pending().insert("9", "BootNotification", 0);
    let raw =
        r#"[3,"9",{"currentTime":"2026-03-01T10:00:00.000Z","interval":60,"status":"AcmeLater"}]"#;
    let decoded = d.decode(raw).unwrap();
    assert_eq!(decoded.deviations[0].path, "$.status");
    let Message::CallResult {
        response: v21::Response::BootNotification(r),
        ..
    } = &decoded.message
    else {
        panic!()
    };
    assert_eq!(r.status.as_str(), "AcmeLater");
    let mut to_charger = csms::<v21::Ocpp21>(unlisted());
    assert_eq!(
        to_charger.relay(raw, &decoded, Relay::Lenient).unwrap(),
        raw
    );
    assert!(to_charger.relay(raw, &decoded, Relay::Strict).is_err());
}

#[test]
fn enum_case_repairs_before_unlisted_keeps() {
    let frame = r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"noError","status":"Available"}]"#;
    let both = only(|l| {
        l.enum_case = true;
        l.unlisted_enum_values = true;
    });
    let decoded = csms::<v16::Ocpp16>(both).decode(frame).unwrap();
    assert_eq!(decoded.deviations[0].kind, LeniencyKind::EnumCase);
    let decoded = csms::<v16::Ocpp16>(unlisted()).decode(frame).unwrap();
    assert_eq!(decoded.deviations[0].kind, LeniencyKind::UnlistedEnumValue);
    // unlisted keeps the case it was sent in: never mapped to the listed `NoError`
    let mut up = charge_point::<v16::Ocpp16>(unlisted());
    assert_eq!(up.relay(frame, &decoded, Relay::Lenient).unwrap(), frame);
}

#[test]
fn an_unlisted_value_is_bounded_and_a_number_is_still_a_type_fault() {
    let long = "A".repeat(65);
    let frame = format!(
        r#"[2,"1","StatusNotification",{{"connectorId":1,"errorCode":"{long}","status":"Available"}}]"#
    );
    let err = csms::<v16::Ocpp16>(Leniency::all())
        .decode(&frame)
        .unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::PropertyConstraintViolation);
    let ok = frame.replace(&long, &"A".repeat(64));
    assert!(csms::<v16::Ocpp16>(unlisted()).decode(&ok).is_ok());
    let number =
        r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":7,"status":"Available"}]"#;
    let err = csms::<v16::Ocpp16>(Leniency::all())
        .decode(number)
        .unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::TypeConstraintViolation);
}

#[test]
fn strict_encoding_rejects_an_unlisted_value_a_caller_builds() {
    use v16::{Request, StatusNotificationRequest, StatusNotificationRequestErrorCode as Code};
    let request: StatusNotificationRequest = serde_json::from_value(serde_json::json!({
        "connectorId": 1, "errorCode": "NoError", "status": "Available"
    }))
    .unwrap();
    let mut request = request;
    request.error_code = Code::Unlisted("AcmeX".to_owned());
    let err = charge_point::<v16::Ocpp16>(Leniency::all())
        .encode_call("1", &Request::from(request))
        .unwrap_err();
    assert!(
        matches!(&err, EncodeError::Invalid { violation, .. } if violation.path == "$.errorCode"),
        "{err}"
    );
}

/// One leniency's case: the frame a charger sends, the leniency that reads it, and what
/// `Relay::Strict` writes (`Err(path)` when strict encoding rejects what the leniency kept).
struct Case {
    name: &'static str,
    leniency: Leniency,
    kind: LeniencyKind,
    frame: &'static str,
    strict: Result<&'static str, &'static str>,
    /// What `Relay::Lenient` writes when it differs from `strict`.
    lenient: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "enum_case",
            leniency: only(|l| l.enum_case = true),
            kind: LeniencyKind::EnumCase,
            frame: r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"available"}]"#,
            strict: Ok(
                r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]"#,
            ),
            lenient: None,
        },
        Case {
            name: "timestamp_offsets",
            leniency: only(|l| l.timestamp_offsets = true),
            kind: LeniencyKind::TimestampOffset,
            frame: r#"[2,"1","StopTransaction",{"meterStop":5300,"timestamp":"2024-05-01T14:00:00+02","transactionId":7}]"#,
            strict: Ok(
                r#"[2,"1","StopTransaction",{"meterStop":5300,"timestamp":"2024-05-01T12:00:00.000Z","transactionId":7}]"#,
            ),
            lenient: None,
        },
        Case {
            name: "timestamp_spaces",
            leniency: only(|l| l.timestamp_spaces = true),
            kind: LeniencyKind::TimestampSpace,
            frame: r#"[2,"1","StopTransaction",{"meterStop":5300,"timestamp":"2024-05-01 12:00:00Z","transactionId":7}]"#,
            strict: Ok(
                r#"[2,"1","StopTransaction",{"meterStop":5300,"timestamp":"2024-05-01T12:00:00.000Z","transactionId":7}]"#,
            ),
            lenient: None,
        },
        Case {
            name: "numbers_as_strings",
            leniency: only(|l| l.numbers_as_strings = true),
            kind: LeniencyKind::NumberAsString,
            frame: r#"[2,"1","StatusNotification",{"connectorId":"1","errorCode":"NoError","status":"Available"}]"#,
            strict: Ok(
                r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]"#,
            ),
            lenient: None,
        },
        Case {
            name: "strings_as_numbers",
            leniency: only(|l| l.strings_as_numbers = true),
            kind: LeniencyKind::StringAsNumber,
            frame: r#"[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"sampledValue":[{"value":0}],"timestamp":"2024-05-01T12:00:00.000Z"}]}]"#,
            strict: Ok(
                r#"[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"sampledValue":[{"value":"0"}],"timestamp":"2024-05-01T12:00:00.000Z"}]}]"#,
            ),
            lenient: None,
        },
        Case {
            name: "data_transfer_object",
            leniency: only(|l| l.data_transfer_object = true),
            kind: LeniencyKind::DataTransferObject,
            frame: r#"[2,"1","DataTransfer",{"data":{"a":1},"vendorId":"Acme"}]"#,
            strict: Ok(r#"[2,"1","DataTransfer",{"data":"{\"a\":1}","vendorId":"Acme"}]"#),
            lenient: None,
        },
        Case {
            name: "unknown_fields",
            leniency: only(|l| l.unknown_fields = true),
            kind: LeniencyKind::UnknownField,
            frame: r#"[2,"1","Heartbeat",{"acme":1}]"#,
            strict: Ok(r#"[2,"1","Heartbeat",{}]"#),
            lenient: None,
        },
        Case {
            name: "long_strings",
            leniency: only(|l| l.long_strings = true),
            kind: LeniencyKind::LongString,
            frame: r#"[2,"1","Authorize",{"idTag":"0123456789ABCDEF01234"}]"#,
            strict: Err("$.idTag"),
            lenient: Some(r#"[2,"1","Authorize",{"idTag":"0123456789ABCDEF01234"}]"#),
        },
        Case {
            name: "unlisted_enum_values",
            leniency: unlisted(),
            kind: LeniencyKind::UnlistedEnumValue,
            frame: r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"AcmeRelayStuck","status":"Faulted"}]"#,
            strict: Err("$.errorCode"),
            lenient: Some(
                r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"AcmeRelayStuck","status":"Faulted"}]"#,
            ),
        },
    ]
}

#[test]
fn every_leniency_relays_verbatim_strictly_or_leniently() {
    let cases = cases();
    // every kind has its case
    for kind in LeniencyKind::ALL {
        assert!(
            cases.iter().any(|c| c.kind == kind),
            "no relay case for {kind}"
        );
    }
    for case in &cases {
        let name = case.name;
        // strict rejects the frame: the leniency is what lets it through
        assert!(
            csms::<v16::Ocpp16>(Leniency::strict())
                .decode(case.frame)
                .is_err(),
            "{name}"
        );
        let decoded = csms::<v16::Ocpp16>(case.leniency)
            .decode(case.frame)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            decoded.deviations.len(),
            1,
            "{name}: {:?}",
            decoded.deviations
        );
        assert_eq!(decoded.deviations[0].kind, case.kind, "{name}");

        let mut up = charge_point::<v16::Ocpp16>(case.leniency);
        // byte for byte
        assert_eq!(
            up.relay(case.frame, &decoded, Relay::Verbatim).unwrap(),
            case.frame,
            "{name}"
        );
        assert_eq!(
            up.pending_len(),
            1,
            "{name}: the relayed CALL awaits its answer"
        );
        // strictly re-encoded: valid for a strict back office, or an error at the kept field
        match (up.relay(case.frame, &decoded, Relay::Strict), case.strict) {
            (Ok(text), Ok(want)) => {
                assert_eq!(text, want, "{name}");
                let back = csms::<v16::Ocpp16>(Leniency::strict())
                    .decode(&text)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(back.deviations.is_empty(), "{name}");
                if case.kind != LeniencyKind::UnknownField {
                    assert_eq!(back.message, decoded.message, "{name}");
                }
            }
            (Err(EncodeError::Invalid { violation, .. }), Err(path)) => {
                assert_eq!(violation.path, path, "{name}");
            }
            (got, want) => panic!("{name}: {got:?}, expected {want:?}"),
        }
        // leniently re-encoded: the kept values as they were read
        let lenient = up.relay(case.frame, &decoded, Relay::Lenient).unwrap();
        let want = case.lenient.or(case.strict.ok()).unwrap();
        assert_eq!(lenient, want, "{name}");
        let back = csms::<v16::Ocpp16>(case.leniency).decode(&lenient).unwrap();
        assert_eq!(back.message, decoded.message, "{name}");
    }
}

#[test]
fn answers_and_errors_are_relayed_too() {
    // the gateway's two ends: toward the charger (a CSMS) and toward the back office (a charge point)
    let mut charger_side = csms::<v201::Ocpp201>(Leniency::all());
    let mut gateway_cp = charge_point::<v201::Ocpp201>(Leniency::all());
    // the back office asks, the gateway relays the CALL to the charger and the answer back
    let call = r#"[2,"5","ClearCache",{}]"#;
    let decoded = gateway_cp.decode(call).unwrap();
    assert_eq!(
        charger_side.relay(call, &decoded, Relay::Strict).unwrap(),
        call
    );
    assert_eq!(charger_side.pending_len(), 1);
    let answer = r#"[3,"5",{"status":"accepted"}]"#;
    let decoded = charger_side.decode(answer).unwrap();
    assert_eq!(decoded.deviations[0].kind, LeniencyKind::EnumCase);
    assert_eq!(
        gateway_cp.relay(answer, &decoded, Relay::Strict).unwrap(),
        r#"[3,"5",{"status":"Accepted"}]"#
    );
    let error = r#"[4,"6","NotSupported","no",{}]"#;
    charger_side.pending().insert("6", "ClearCache", 0);
    let decoded = charger_side.decode(error).unwrap();
    assert_eq!(
        gateway_cp.relay(error, &decoded, Relay::Strict).unwrap(),
        error
    );
    assert_eq!(OcppVersion::V201, v201::Ocpp201::VERSION);
}
