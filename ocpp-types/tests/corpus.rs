//! Hand-written frames in the style of real chargers (`tests/corpus/*.json`), each with its strict
//! and lenient outcome, plus the decoder's pending-call, direction and bad-input behaviour.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_ocpp::{
    DecodeError, DecodeOptions, Decoded, Decoder, Endpoint, ErrorCode, Leniency, LeniencyKind,
    Message, Messages, OcppVersion, TimestampPrecision, v16::Ocpp16, v21::Ocpp21, v201::Ocpp201,
};
use serde_json::Value;

fn kind_name(kind: LeniencyKind) -> &'static str {
    match kind {
        LeniencyKind::EnumCase => "EnumCase",
        LeniencyKind::TimestampOffset => "TimestampOffset",
        LeniencyKind::NumberAsString => "NumberAsString",
        LeniencyKind::DataTransferObject => "DataTransferObject",
        LeniencyKind::UnknownField => "UnknownField",
        LeniencyKind::LongString => "LongString",
        LeniencyKind::TimestampSpace => "TimestampSpace",
        LeniencyKind::StringAsNumber => "StringAsNumber",
        LeniencyKind::UnlistedEnumValue => "UnlistedEnumValue",
        _ => "Other",
    }
}

fn decode<M: Messages>(
    sender: Endpoint,
    frame: &str,
    leniency: Leniency,
) -> Result<Decoded<M>, DecodeError> {
    let options = DecodeOptions::default().with_leniency(leniency);
    Decoder::<M>::with_options(sender.peer(), options).decode(frame)
}

fn check_outcome<M: Messages>(
    name: &str,
    result: Result<Decoded<M>, DecodeError>,
    expected: &Value,
    deviations: Option<&Value>,
    deviation_paths: Option<&Value>,
) {
    match (result, expected) {
        (Ok(decoded), Value::String(ok)) if ok == "ok" => {
            if let Some(expected) = deviations {
                let got: Vec<&str> = decoded
                    .deviations
                    .iter()
                    .map(|d| kind_name(d.kind))
                    .collect();
                let want: Vec<&str> = expected
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(got, want, "{name}: deviations {:?}", decoded.deviations);
                for d in &decoded.deviations {
                    assert!(d.path.starts_with('$'), "{name}: {d:?}");
                }
            }
            if let Some(expected) = deviation_paths {
                let got: Vec<&str> = decoded.deviations.iter().map(|d| d.path.as_str()).collect();
                let want: Vec<&str> = expected
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(got, want, "{name}: deviation paths");
            }
        }
        (Ok(decoded), _) => panic!("{name}: accepted, expected {expected}: {decoded:?}"),
        (Err(e), Value::Object(want)) => {
            let code = want["code"].as_str().unwrap();
            assert_eq!(e.error_code().as_str(M::VERSION), code, "{name}: {e}");
            if let Some(path) = want["path"].as_str() {
                assert_eq!(e.path(), Some(path), "{name}: {e}");
            }
            // the answer: by default a CALLERROR with the code; `"reply": null` when OCPP-J allows
            // none, or `{"type": n, "id": "..."}` to name the frame type and message id
            let answer = e.reply(M::VERSION).map(|f| f.to_value());
            match want.get("reply") {
                Some(Value::Null) => assert_eq!(answer, None, "{name}: {e}"),
                expected => {
                    let frame = answer.unwrap_or_else(|| panic!("{name}: no reply to {e}"));
                    let kind = expected.and_then(|r| r.get("type")).cloned();
                    assert_eq!(frame[0], kind.unwrap_or(Value::from(4)), "{name}");
                    assert_eq!(frame[2], code, "{name}");
                    if let Some(id) = expected.and_then(|r| r.get("id")) {
                        assert_eq!(&frame[1], id, "{name}");
                    }
                    let description = frame[3].as_str().unwrap();
                    assert!(description.chars().count() <= 255, "{name}");
                }
            }
        }
        (Err(e), _) => panic!("{name}: rejected with {e}, expected {expected}"),
    }
}

fn run_case<M: Messages>(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let frame = case["frame"].as_str().unwrap();
    let sender = match case["sender"].as_str().unwrap() {
        "ChargePoint" => Endpoint::ChargePoint,
        _ => Endpoint::Csms,
    };
    let strict = decode::<M>(sender, frame, Leniency::strict());
    check_outcome(
        name,
        strict,
        &case["strict"],
        Some(&Value::Array(vec![])),
        None,
    );
    let lenient = decode::<M>(sender, frame, Leniency::all());
    check_outcome(
        name,
        lenient,
        &case["lenient"],
        Some(&case["deviations"]),
        case.get("deviation_paths"),
    );
}

#[test]
fn corpus_frames_have_their_expected_outcomes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let cases: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in &cases {
            let version: OcppVersion = case["version"].as_str().unwrap().parse().unwrap();
            match version {
                OcppVersion::V16 => run_case::<Ocpp16>(case),
                OcppVersion::V201 => run_case::<Ocpp201>(case),
                _ => run_case::<Ocpp21>(case),
            }
            count += 1;
        }
    }
    assert!(count >= 30, "{count} corpus cases");
}

#[test]
fn lenient_frame_is_passed_on_as_a_valid_frame() {
    use chargeshift_ocpp::v16::Request;
    let frame = r#"[2,"m1","MeterValues",{"connectorId":"1","meterValue":[{"timestamp":"2026-03-01T12:00:00+02","sampledValue":[{"value":"31.5","measurand":"Temperature","unit":"celsius"}]}],"vendorExtra":1}]"#;
    let decoded = decode::<Ocpp16>(Endpoint::ChargePoint, frame, Leniency::all()).unwrap();
    assert_eq!(decoded.deviations.len(), 4, "{:?}", decoded.deviations);
    let Message::Call { request, .. } = decoded.message else {
        panic!()
    };
    // the gateway forwards it to the other back office as a strictly valid frame
    let mut upstream = Decoder::<Ocpp16>::new(Endpoint::ChargePoint);
    let text = upstream.encode_call("m1", &request).unwrap();
    assert_eq!(
        text,
        r#"[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"sampledValue":[{"measurand":"Temperature","unit":"Celsius","value":"31.5"}],"timestamp":"2026-03-01T10:00:00.000Z"}]}]"#
    );
    assert!(matches!(request, Request::MeterValues(_)));
    let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    assert!(csms.decode(&text).unwrap().deviations.is_empty());
}

#[test]
fn call_results_are_typed_by_the_pending_call() {
    use chargeshift_ocpp::v201::{Request, Response};
    let mut csms = Decoder::<Ocpp201>::new(Endpoint::Csms);
    let request: chargeshift_ocpp::v201::GetBaseReportRequest =
        serde_json::from_value(serde_json::json!({"requestId": 1, "reportBase": "FullInventory"}))
            .unwrap();
    csms.encode_call("r-1", &Request::from(request)).unwrap();
    assert_eq!(csms.pending().len(), 1);
    // a CALLRESULT is checked against the response schema of the pending action
    let err = csms.decode(r#"[3,"r-1",{"status":"Maybe"}]"#).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::PropertyConstraintViolation);
    assert_eq!(err.message_id(), Some("r-1"));
    assert_eq!(err.path(), Some("$.status"));
    csms.encode_call("r-2", &Request::ClearCache(Default::default()))
        .unwrap();
    let ok = csms.decode(r#"[3,"r-2",{"status":"Accepted"}]"#).unwrap();
    assert!(matches!(
        ok.message,
        Message::CallResult {
            response: Response::ClearCache(_),
            ..
        }
    ));
    assert!(csms.pending().is_empty());
    // a second answer to the same id has no pending call
    let again = csms
        .decode(r#"[3,"r-2",{"status":"Accepted"}]"#)
        .unwrap_err();
    assert_eq!(again.error_code(), ErrorCode::ProtocolError);
    // a CALLERROR names the pending action
    csms.encode_call("r-3", &Request::ClearCache(Default::default()))
        .unwrap();
    let e = csms.decode(r#"[4,"r-3","NotSupported","no",{}]"#).unwrap();
    assert!(matches!(
        e.message,
        Message::CallError {
            action: Some("ClearCache"),
            error_code: Some(ErrorCode::NotSupported),
            ..
        }
    ));
}

#[test]
fn message_ids_come_back_as_sent_on_both_paths() {
    let uuid = "6f1c2a44-6d0e-4b7a-9a0b-3f5e2d1c0b9a";
    let umlauts = "ü".repeat(36); // 36 characters, 72 bytes: allowed, kept on the heap
    for (wire, expected, inline) in [
        (uuid.to_owned(), uuid.to_owned(), true),
        (r"a\u0062c".to_owned(), "abc".to_owned(), true),
        (umlauts.clone(), umlauts, false),
    ] {
        let text = format!(r#"[2,"{wire}","Heartbeat",{{}}]"#);
        let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
        let Some(Message::Call { message_id, .. }) = csms.decode_valid(&text) else {
            panic!("{text} is valid");
        };
        assert_eq!(message_id, expected.as_str());
        assert_eq!(message_id.is_inline(), inline);
        let frame = chargeshift_ocpp::Frame::parse(&text).unwrap();
        let Message::Call { message_id, .. } = csms.decode_frame(frame).unwrap().message else {
            panic!("{text} is a CALL");
        };
        assert_eq!(message_id, expected.as_str());
    }
    let too_long = format!(r#"[2,"{}","Heartbeat",{{}}]"#, "ü".repeat(37));
    let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    assert!(csms.decode_valid(&too_long).is_none());
    assert_eq!(
        csms.decode(&too_long).unwrap_err().error_code(),
        ErrorCode::RpcFrameworkError
    );
}

#[test]
fn encoding_validates_and_writes_the_chosen_precision() {
    use chargeshift_ocpp::v16::{AuthorizeRequest, HeartbeatResponse, Request, Response};
    let mut cp = Decoder::<Ocpp16>::new(Endpoint::ChargePoint);
    let too_long = Request::from(AuthorizeRequest {
        id_tag: "x".repeat(21),
    });
    let err = cp.encode_call("1", &too_long).unwrap_err();
    assert!(err.to_string().contains("$.idTag"), "{err}");
    let t = "2026-03-01T10:00:00.123456Z".parse().unwrap();
    let answer = Response::Heartbeat(Box::new(HeartbeatResponse { current_time: t }));
    let csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    assert_eq!(
        csms.encode_result("9", &answer).unwrap(),
        r#"[3,"9",{"currentTime":"2026-03-01T10:00:00.123Z"}]"#
    );
    let secs = Decoder::<Ocpp16>::with_options(
        Endpoint::Csms,
        DecodeOptions::default().with_precision(TimestampPrecision::Seconds),
    );
    assert_eq!(
        secs.encode_result("9", &answer).unwrap(),
        r#"[3,"9",{"currentTime":"2026-03-01T10:00:00Z"}]"#
    );
}

#[test]
fn bad_input_is_always_an_error() {
    let mut csms = Decoder::<Ocpp21>::new(Endpoint::Csms);
    let huge = format!(
        r#"[2,"1","DataTransfer",{{"vendorId":"v","data":"{}"}}]"#,
        "x".repeat(2 << 20)
    );
    assert_eq!(
        csms.decode(&huge).unwrap_err().error_code(),
        ErrorCode::RpcFrameworkError
    );
    let deep = format!(
        r#"[2,"1","DataTransfer",{{"vendorId":"v","data":{}{}}}]"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    assert!(csms.decode(&deep).is_err());
    for text in [
        "",
        "null",
        "[",
        "[2]",
        "[2,\"1\"]",
        "[2,\"1\",\"Heartbeat\",{},1]",
        "[3.5,\"1\",{}]",
        "[-2,\"1\",{}]",
        "\"[2]\"",
        "[2,null,\"Heartbeat\",{}]",
    ] {
        let err = csms.decode(text).unwrap_err();
        // 2.1 ignores an unknown message type number (`[-2,...]`); 2.0.1 answers it
        let version = if text.starts_with("[-2") {
            assert_eq!(err.reply(OcppVersion::V21), None, "{text}");
            OcppVersion::V201
        } else {
            OcppVersion::V21
        };
        let answer = err.reply(version).unwrap();
        assert_eq!(answer.message_id(), err.message_id().unwrap_or("-1"));
    }
}

#[test]
fn a_bad_call_result_gets_a_call_result_error_only_in_2_1() {
    use chargeshift_ocpp::Frame;
    let bad = r#"[3,"r1",{"status":"Maybe"}]"#;
    let mut v21 = Decoder::<Ocpp21>::new(Endpoint::Csms);
    v21.pending().insert("r1", "ClearCache", 0);
    let err = v21.decode(bad).unwrap_err();
    assert_eq!(
        err.frame_kind(),
        Some(chargeshift_ocpp::FrameKind::CallResult)
    );
    let Some(Frame::CallResultError {
        message_id,
        error_code,
        ..
    }) = err.reply(OcppVersion::V21)
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        (message_id.as_str(), error_code.as_str()),
        ("r1", "PropertyConstraintViolation")
    );
    let mut v201 = Decoder::<Ocpp201>::new(Endpoint::Csms);
    v201.pending().insert("r1", "ClearCache", 0);
    assert_eq!(v201.decode(bad).unwrap_err().reply(OcppVersion::V201), None);
    // an answer to a CALLERROR or CALLRESULTERROR never exists
    let mut v21 = Decoder::<Ocpp21>::new(Endpoint::Csms);
    let err = v21.decode(r#"[5,"z",5,"x",{}]"#).unwrap_err();
    assert_eq!(err.reply(OcppVersion::V21), None);
    // a SEND or CALLRESULTERROR before 2.1 is an unknown message type: a CALLERROR
    let mut v201 = Decoder::<Ocpp201>::new(Endpoint::Csms);
    let err = v201.decode(r#"[6,"s",{}]"#).unwrap_err();
    assert!(
        matches!(err.reply(OcppVersion::V201), Some(Frame::CallError { .. })),
        "{err:?}"
    );
}

#[test]
fn echoed_text_is_bounded() {
    let key = "k".repeat(2000);
    let frame = format!(r#"[2,"1","Heartbeat",{{"{key}":1}}]"#);
    let mut csms = Decoder::<Ocpp201>::new(Endpoint::Csms);
    let err = csms.decode(&frame).unwrap_err();
    assert_eq!(err.path().map(str::len), Some(2002));
    let reply = err.reply(OcppVersion::V201).unwrap().to_value();
    let description = reply[3].as_str().unwrap();
    assert!(description.chars().count() <= 255, "{description}");
    assert!(description.contains("unknown field"), "{description}");
    let path = reply[4]["path"].as_str().unwrap();
    assert_eq!(path.chars().count(), 255);
    assert!(path.ends_with('…'));
}

#[test]
fn only_the_ends_and_message_types_that_send_a_message_may_encode_it() {
    use chargeshift_ocpp::EncodeError;
    use chargeshift_ocpp::v21::{NotifyPeriodicEventStreamRequest, Request};
    let stream: NotifyPeriodicEventStreamRequest = serde_json::from_value(serde_json::json!(
        {"id": 1, "pending": 0, "basetime": "2026-03-01T10:00:00Z", "data": [{"t": 0.5, "v": "1"}]}
    ))
    .unwrap();
    let stream = Request::from(stream);
    let mut cs = Decoder::<Ocpp21>::new(Endpoint::ChargePoint);
    let err = cs.encode_call("s1", &stream).unwrap_err();
    assert!(matches!(err, EncodeError::WrongMessageType { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        r#"NotifyPeriodicEventStream (message id "s1") cannot be sent as a CALL in ocpp2.1"#
    );
    assert!(cs.pending().is_empty());
    let sent = cs.encode_send("s1", &stream).unwrap();
    let mut csms = Decoder::<Ocpp21>::new(Endpoint::Csms);
    assert!(matches!(
        csms.decode(&sent).unwrap().message,
        Message::Send { .. }
    ));
    let heartbeat = Request::Heartbeat(Box::default());
    assert!(matches!(
        cs.encode_send("h", &heartbeat),
        Err(EncodeError::WrongMessageType { .. })
    ));
    // the CSMS does not send a Heartbeat, nor the stream
    let mut csms = Decoder::<Ocpp21>::new(Endpoint::Csms);
    let err = csms.encode_call("h", &heartbeat).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Heartbeat request (message id "h") is not sent by the Csms"#
    );
    assert!(matches!(
        csms.encode_send("s", &stream),
        Err(EncodeError::WrongDirection { .. })
    ));
    // no SEND before 2.1
    let cp16 = Decoder::<Ocpp16>::new(Endpoint::ChargePoint);
    let hb16 = chargeshift_ocpp::v16::Request::Heartbeat(Box::default());
    assert!(matches!(
        cp16.encode_send("h", &hb16),
        Err(EncodeError::WrongMessageType { .. })
    ));
    // a response answers the peer's CALL: the charge point does not answer a Heartbeat
    use chargeshift_ocpp::v16::{HeartbeatResponse, Response};
    let answer = Response::Heartbeat(Box::new(HeartbeatResponse {
        current_time: "2026-03-01T10:00:00Z".parse().unwrap(),
    }));
    assert!(matches!(
        cp16.encode_result("9", &answer),
        Err(EncodeError::WrongDirection {
            what: "response",
            ..
        })
    ));
}

#[test]
fn v16_data_transfer_data_as_an_object_is_lenient_in_the_response_too() {
    let frame = r#"[3,"d1",{"status":"Accepted","data":{"a":1}}]"#;
    let run = |leniency| {
        let options = DecodeOptions::default().with_leniency(leniency);
        let mut cp = Decoder::<Ocpp16>::with_options(Endpoint::ChargePoint, options);
        cp.pending().insert("d1", "DataTransfer", 0);
        cp.decode(frame)
    };
    assert_eq!(
        run(Leniency::strict()).unwrap_err().error_code(),
        ErrorCode::TypeConstraintViolation
    );
    let decoded = run(Leniency::all()).unwrap();
    assert_eq!(decoded.deviations.len(), 1);
    assert_eq!(decoded.deviations[0].kind, LeniencyKind::DataTransferObject);
    assert_eq!(decoded.deviations[0].path, "$.data");
    let Message::CallResult {
        response: chargeshift_ocpp::v16::Response::DataTransfer(r),
        ..
    } = decoded.message
    else {
        panic!()
    };
    assert_eq!(r.data.as_deref(), Some(r#"{"a":1}"#));
}

/// The direction of each action OCPP 2.1 adds, as decided from the specification's use cases
/// (`ocpp-types/codegen/src/directions.rs` cites each); the receiving end refuses it from the
/// other side with NotSupported.
#[test]
fn v21_new_actions_go_the_way_the_specification_says() {
    use chargeshift_ocpp::Direction::{ChargePointToCsms as Cp, CsmsToChargePoint as Csms};
    let expected = [
        ("AFRRSignal", Csms),
        ("AdjustPeriodicEventStream", Csms),
        ("BatterySwap", Cp),
        ("ChangeTransactionTariff", Csms),
        ("ClearDERControl", Csms),
        ("ClearTariffs", Csms),
        ("ClosePeriodicEventStream", Cp),
        ("GetCertificateChainStatus", Cp),
        ("GetDERControl", Csms),
        ("GetPeriodicEventStream", Csms),
        ("GetTariffs", Csms),
        ("NotifyAllowedEnergyTransfer", Csms),
        ("NotifyDERAlarm", Cp),
        ("NotifyDERStartStop", Cp),
        ("NotifyPeriodicEventStream", Cp),
        ("NotifyPriorityCharging", Cp),
        ("NotifySettlement", Cp),
        ("NotifyWebPaymentStarted", Csms),
        ("OpenPeriodicEventStream", Cp),
        ("PullDynamicScheduleUpdate", Cp),
        ("ReportDERControl", Cp),
        ("RequestBatterySwap", Csms),
        ("SetDERControl", Csms),
        ("SetDefaultTariff", Csms),
        ("UpdateDynamicSchedule", Csms),
        ("UsePriorityCharging", Csms),
        ("VatNumberValidation", Cp),
    ];
    for (action, direction) in expected {
        let info = Ocpp21::action(action).unwrap_or_else(|| panic!("{action}"));
        assert_eq!(info.direction, direction, "{action}");
        assert!(Ocpp201::action(action).is_none(), "{action} is new in 2.1");
    }
    let new_in_21 = Ocpp21::actions()
        .iter()
        .filter(|a| Ocpp201::action(a.action).is_none())
        .count();
    assert_eq!(new_in_21, expected.len());
    // the web payment notice comes from the CSMS: a charging station sending it is refused
    let frame = r#"[2,"w1","NotifyWebPaymentStarted",{"evseId":1,"timeout":60}]"#;
    assert!(decode::<Ocpp21>(Endpoint::Csms, frame, Leniency::strict()).is_ok());
    let err = decode::<Ocpp21>(Endpoint::ChargePoint, frame, Leniency::strict()).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::NotSupported);
}

#[test]
fn a_space_in_a_timestamp_is_its_own_leniency() {
    let spaced = r#"[2,"t1","StartTransaction",{"connectorId":1,"idTag":"04A1B2C3","meterStart":1200,"timestamp":"2024-05-01 12:00:00Z"}]"#;
    let mut offsets = Leniency::strict();
    offsets.timestamp_offsets = true;
    let err = decode::<Ocpp16>(Endpoint::ChargePoint, spaced, offsets).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::PropertyConstraintViolation);
    assert_eq!(err.path(), Some("$.timestamp"));
    let mut spaces = Leniency::strict();
    spaces.timestamp_spaces = true;
    let decoded = decode::<Ocpp16>(Endpoint::ChargePoint, spaced, spaces).unwrap();
    assert_eq!(decoded.deviations.len(), 1);
    assert_eq!(decoded.deviations[0].kind, LeniencyKind::TimestampSpace);
    assert_eq!(decoded.deviations[0].path, "$.timestamp");
    // the space alone does not excuse a missing offset
    let no_offset = spaced.replace(":00Z", ":00");
    let err = decode::<Ocpp16>(Endpoint::ChargePoint, &no_offset, spaces).unwrap_err();
    assert_eq!(err.path(), Some("$.timestamp"));
    assert!(err.to_string().contains("missing UTC offset"), "{err}");
    // nor does an offset leniency excuse a `T` written as anything but a space
    let slash = spaced.replace("01 12", "01/12");
    assert!(decode::<Ocpp16>(Endpoint::ChargePoint, &slash, Leniency::all()).is_err());
    // the fast path takes none of them: it is strict and leaves them to the full path
    let mut fast = Decoder::<Ocpp16>::new(Endpoint::Csms);
    assert!(fast.decode_valid(spaced).is_none());
    // re-encoded, the timestamp is RFC 3339
    let Message::Call { request, .. } = decoded.message else {
        panic!()
    };
    let text = Decoder::<Ocpp16>::new(Endpoint::ChargePoint)
        .encode_call("t1", &request)
        .unwrap();
    assert!(
        text.contains(r#""timestamp":"2024-05-01T12:00:00.000Z""#),
        "{text}"
    );
}

#[test]
fn a_number_where_a_string_belongs_is_read_as_its_text_and_re_encoded_as_a_string() {
    let frame = r#"[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-03-01T10:00:00Z","sampledValue":[{"value":0},{"value":1e3},{"value":-12.50}]}]}]"#;
    let strict = decode::<Ocpp16>(Endpoint::ChargePoint, frame, Leniency::strict()).unwrap_err();
    assert_eq!(strict.error_code(), ErrorCode::TypeConstraintViolation);
    assert_eq!(strict.path(), Some("$.meterValue[0].sampledValue[0].value"));
    // the other leniencies do not read it
    let mut others = Leniency::all();
    others.strings_as_numbers = false;
    let err = decode::<Ocpp16>(Endpoint::ChargePoint, frame, others).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::TypeConstraintViolation);
    let mut leniency = Leniency::strict();
    leniency.strings_as_numbers = true;
    let decoded = decode::<Ocpp16>(Endpoint::ChargePoint, frame, leniency).unwrap();
    let kinds: Vec<_> = decoded.deviations.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [LeniencyKind::StringAsNumber; 3]);
    assert_eq!(
        decoded.deviations[2].path,
        "$.meterValue[0].sampledValue[2].value"
    );
    assert_eq!(
        decoded.deviations[1].detail,
        r#"a number read as the string "1000.0""#
    );
    let Message::Call { request, .. } = decoded.message else {
        panic!()
    };
    // re-encoded strictly, the values are strings; the raw frame is the byte-for-byte choice
    let text = Decoder::<Ocpp16>::new(Endpoint::ChargePoint)
        .encode_call("m1", &request)
        .unwrap();
    assert!(
        text.contains(r#""sampledValue":[{"value":"0"},{"value":"1000.0"},{"value":"-12.5"}]"#),
        "{text}"
    );
    let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    assert!(csms.decode(&text).unwrap().deviations.is_empty());
    assert!(csms.decode_valid(frame).is_none());
}

#[test]
fn the_fuzz_seeds_are_small_frames_that_decode_without_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/decode_frame");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.len() < 4096,
            "{}: {} bytes",
            path.display(),
            bytes.len()
        );
        let text = String::from_utf8(bytes).unwrap();
        for leniency in [Leniency::strict(), Leniency::all()] {
            let _ = decode::<Ocpp16>(Endpoint::ChargePoint, &text, leniency);
            let _ = decode::<Ocpp201>(Endpoint::ChargePoint, &text, leniency);
            let _ = decode::<Ocpp21>(Endpoint::ChargePoint, &text, leniency);
        }
        count += 1;
    }
    assert!(count >= 24, "{count} seeds");
}

#[test]
fn batch_rows_give_the_payload_as_sent_or_as_written_back_the_same_json() {
    use chargeshift_ocpp::batch::check_row;
    use chargeshift_ocpp::inspect::{CheckOptions, check};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let cases: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for case in &cases {
            let version: OcppVersion = case["version"].as_str().unwrap().parse().unwrap();
            let sender = match case["sender"].as_str().unwrap() {
                "ChargePoint" => Endpoint::ChargePoint,
                _ => Endpoint::Csms,
            };
            let frame = case["frame"].as_str().unwrap();
            // spaced out as a pretty-printing gateway would: the payload is still found
            let spaced = frame
                .replacen('[', "[ ", 1)
                .replacen(',', " ,\n ", 3)
                .replace("]", " ]");
            for leniency in [Leniency::strict(), Leniency::all()] {
                let options = CheckOptions::new(version, sender).with_leniency(leniency);
                for text in [frame, spaced.as_str()] {
                    let row = check_row(Some(text), &options);
                    let Ok(checked) = check(text, &options) else {
                        assert!(!row.valid, "{}", case["name"]);
                        continue;
                    };
                    assert!(row.valid, "{}", case["name"]);
                    let row_payload: Option<Value> = row
                        .payload
                        .as_deref()
                        .map(|p| serde_json::from_str(p).expect("the row's payload is JSON"));
                    let expected = if checked.deviations.is_empty() {
                        // as sent: the frame's last element
                        let sent: Value = serde_json::from_str(text).unwrap();
                        let kind = sent[0].as_u64().unwrap();
                        (kind != 4 && kind != 5)
                            .then(|| sent.as_array().unwrap().last().unwrap().clone())
                    } else {
                        // a leniency changed it: as the typed message writes it back
                        checked.payload
                    };
                    assert_eq!(row_payload, expected, "{}: {text}", case["name"]);
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 40, "{compared} payloads compared");
}
