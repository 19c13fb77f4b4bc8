//! The conversation decoder over a mixed fleet, and checking an answer frame given its action.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_ocpp::conversation::{
    Conversation, ConversationError, ConversationOptions, VersionedMessage,
};
use chargeshift_ocpp::inspect::{CheckOptions, check, check_frame};
use chargeshift_ocpp::{
    DecodeError, Endpoint, ErrorCode, FrameKind, Leniency, Message, OcppVersion, v16, v201,
};

const BOOT_16: &str =
    r#"[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]"#;
const BOOT_201: &str = r#"[2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}]"#;
const BOOT_ACCEPTED: &str =
    r#"[3,"b1",{"currentTime":"2026-01-01T00:00:00Z","interval":300,"status":"Accepted"}]"#;

fn fleet() -> Conversation {
    let mut conv = Conversation::new(ConversationOptions::default());
    conv.open("CP-16", OcppVersion::V16);
    conv.open("CP-201", OcppVersion::V201);
    conv
}

#[test]
fn mixed_versions_side_by_side() {
    let mut conv = fleet();
    let boot16 = conv
        .decode("CP-16", Endpoint::ChargePoint, BOOT_16)
        .unwrap();
    let boot201 = conv
        .decode("CP-201", Endpoint::ChargePoint, BOOT_201)
        .unwrap();
    assert_eq!(
        (boot16.version, boot16.kind, boot16.action, boot16.paired),
        (
            OcppVersion::V16,
            FrameKind::Call,
            Some("BootNotification"),
            false
        )
    );
    assert!(matches!(
        boot16.message,
        VersionedMessage::V16(Message::Call {
            request: v16::Request::BootNotification(_),
            ..
        })
    ));
    assert!(matches!(
        boot201.message,
        VersionedMessage::V201(Message::Call {
            request: v201::Request::BootNotification(_),
            ..
        })
    ));
    // the 1.6 payload is not a 2.0.1 one: each identity is read in its own version
    let wrong = conv
        .decode("CP-201", Endpoint::ChargePoint, BOOT_16)
        .unwrap_err();
    assert_eq!(
        wrong.decode_error().map(DecodeError::error_code),
        Some(ErrorCode::FormatViolation)
    );
    for id in ["CP-16", "CP-201"] {
        let answer = conv.decode(id, Endpoint::Csms, BOOT_ACCEPTED).unwrap();
        assert_eq!(
            (answer.kind, answer.action, answer.paired),
            (FrameKind::CallResult, Some("BootNotification"), true),
            "{id}"
        );
        assert_eq!(
            answer.payload().unwrap()["status"],
            serde_json::json!("Accepted")
        );
    }
    assert_eq!((conv.pending("CP-16"), conv.pending("CP-201")), (0, 0));
}

#[test]
fn pairs_in_both_directions() {
    let mut conv = fleet();
    // the same message id is pending in both directions at once
    conv.decode(
        "CP-16",
        Endpoint::ChargePoint,
        r#"[2,"7","Authorize",{"idTag":"04A1"}]"#,
    )
    .unwrap();
    conv.decode(
        "CP-16",
        Endpoint::Csms,
        r#"[2,"7","Reset",{"type":"Soft"}]"#,
    )
    .unwrap();
    assert_eq!(conv.pending("CP-16"), 2);
    let reset = conv
        .decode(
            "CP-16",
            Endpoint::ChargePoint,
            r#"[3,"7",{"status":"Accepted"}]"#,
        )
        .unwrap();
    assert_eq!(
        (reset.sender, reset.action, reset.paired),
        (Endpoint::ChargePoint, Some("Reset"), true)
    );
    let authorize = conv
        .decode(
            "CP-16",
            Endpoint::Csms,
            r#"[3,"7",{"idTagInfo":{"status":"Accepted"}}]"#,
        )
        .unwrap();
    assert_eq!(
        (authorize.sender, authorize.action),
        (Endpoint::Csms, Some("Authorize"))
    );
    assert_eq!(conv.pending("CP-16"), 0);
}

#[test]
fn an_unknown_result_id_is_a_countable_error() {
    let mut conv = fleet();
    let mut unpaired = 0;
    for frame in [r#"[3,"nope",{}]"#, r#"[3,"b1",{"status":"Accepted"}]"#] {
        match conv.decode("CP-201", Endpoint::Csms, frame) {
            Err(e) if e.is_unpaired_result() => unpaired += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(unpaired, 2);
    let e = conv
        .decode("CP-201", Endpoint::Csms, r#"[3,"nope",{}]"#)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"identity "CP-201": message id "nope": no pending call with this id"#
    );
    // an answer in the wrong direction does not pair either: the CALL came from the charge point
    conv.decode("CP-201", Endpoint::ChargePoint, BOOT_201)
        .unwrap();
    assert!(
        conv.decode("CP-201", Endpoint::ChargePoint, BOOT_ACCEPTED)
            .unwrap_err()
            .is_unpaired_result()
    );
}

#[test]
fn a_call_error_is_paired_with_its_call() {
    let mut conv = fleet();
    conv.decode(
        "CP-201",
        Endpoint::Csms,
        r#"[2,"r1","Reset",{"type":"Immediate"}]"#,
    )
    .unwrap();
    let error = conv
        .decode(
            "CP-201",
            Endpoint::ChargePoint,
            r#"[4,"r1","NotSupported","no",{}]"#,
        )
        .unwrap();
    assert_eq!(
        (error.kind, error.action, error.paired),
        (FrameKind::CallError, Some("Reset"), true)
    );
    assert!(error.payload().is_none());
    // a CALLERROR answering nothing decodes, unpaired
    let stray = conv
        .decode(
            "CP-201",
            Endpoint::ChargePoint,
            r#"[4,"r1","NotSupported","again",{}]"#,
        )
        .unwrap();
    assert_eq!((stray.action, stray.paired), (None, false));
}

#[test]
fn a_call_with_an_invalid_payload_still_pairs_its_call_error() {
    let mut conv = fleet();
    let bad = conv
        .decode("CP-16", Endpoint::ChargePoint, r#"[2,"x","Authorize",{}]"#)
        .unwrap_err();
    assert!(!bad.is_unpaired_result());
    let answer = conv
        .decode(
            "CP-16",
            Endpoint::Csms,
            r#"[4,"x","OccurenceConstraintViolation","idTag is missing",{}]"#,
        )
        .unwrap();
    assert_eq!((answer.action, answer.paired), (Some("Authorize"), true));
}

#[test]
fn identities_are_isolated() {
    let mut conv = Conversation::new(ConversationOptions::default());
    conv.open("A", OcppVersion::V16);
    conv.open("B", OcppVersion::V16);
    conv.decode("A", Endpoint::Csms, r#"[2,"1","ClearCache",{}]"#)
        .unwrap();
    conv.decode("B", Endpoint::Csms, r#"[2,"1","GetConfiguration",{}]"#)
        .unwrap();
    let b = conv
        .decode(
            "B",
            Endpoint::ChargePoint,
            r#"[3,"1",{"configurationKey":[]}]"#,
        )
        .unwrap();
    assert_eq!(b.action, Some("GetConfiguration"));
    let a = conv
        .decode(
            "A",
            Endpoint::ChargePoint,
            r#"[3,"1",{"status":"Accepted"}]"#,
        )
        .unwrap();
    assert_eq!(a.action, Some("ClearCache"));
    // B's answer was taken once: a second one pairs with nothing, and A is unaffected
    assert!(
        conv.decode(
            "B",
            Endpoint::ChargePoint,
            r#"[3,"1",{"configurationKey":[]}]"#
        )
        .unwrap_err()
        .is_unpaired_result()
    );
}

#[test]
fn identities_not_opened() {
    let mut conv = Conversation::new(ConversationOptions::default());
    let err = conv
        .decode("CP9", Endpoint::ChargePoint, r#"[2,"1","Heartbeat",{}]"#)
        .unwrap_err();
    assert!(matches!(err, ConversationError::NotOpen { .. }));
    assert_eq!(
        err.to_string(),
        r#"identity "CP9": no open connection (open it with its OCPP version first)"#
    );
    let mut log = Conversation::new(
        ConversationOptions::default().with_default_version(Some(OcppVersion::V21)),
    );
    let beat = log
        .decode("CP9", Endpoint::ChargePoint, r#"[2,"1","Heartbeat",{}]"#)
        .unwrap();
    assert_eq!(beat.version, OcppVersion::V21);
    assert_eq!(log.version("CP9"), Some(OcppVersion::V21));
}

#[test]
fn pending_calls_are_bounded_per_connection_and_direction() {
    let mut conv = Conversation::new(ConversationOptions::default().with_max_pending(2));
    conv.open("CP", OcppVersion::V201);
    for id in ["1", "2", "3"] {
        conv.decode(
            "CP",
            Endpoint::ChargePoint,
            &format!(r#"[2,"{id}","Heartbeat",{{}}]"#),
        )
        .unwrap();
    }
    assert_eq!(conv.pending("CP"), 2);
    let answer = |id: &str| format!(r#"[3,"{id}",{{"currentTime":"2026-01-01T00:00:00Z"}}]"#);
    // "1", the oldest, was dropped at the limit
    assert!(
        conv.decode("CP", Endpoint::Csms, &answer("1"))
            .unwrap_err()
            .is_unpaired_result()
    );
    assert!(
        conv.decode("CP", Endpoint::Csms, &answer("3"))
            .unwrap()
            .paired
    );
}

#[test]
fn lenient_conversations_report_deviations() {
    let mut conv = Conversation::new(ConversationOptions::default().with_leniency(Leniency::all()));
    conv.open("CP", OcppVersion::V16);
    let beat = conv
        .decode(
            "CP",
            Endpoint::ChargePoint,
            r#"[2,"1","Heartbeat",{"x":1}]"#,
        )
        .unwrap();
    assert_eq!(beat.deviations.len(), 1);
}

#[test]
fn a_call_result_checks_given_its_action() {
    let frame = r#"[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]"#;
    let options = CheckOptions::new(OcppVersion::V16, Endpoint::Csms);
    assert_eq!(
        check_frame(frame, OcppVersion::V16, Endpoint::Csms, Leniency::strict())
            .unwrap_err()
            .error_code(),
        ErrorCode::ProtocolError
    );
    assert_eq!(
        check(frame, &options),
        check_frame(frame, OcppVersion::V16, Endpoint::Csms, Leniency::strict())
    );
    let ok = check(frame, &options.with_action(Some("Heartbeat"))).unwrap();
    assert_eq!(
        (ok.kind, ok.action, ok.message_id.as_str()),
        (FrameKind::CallResult, Some("Heartbeat"), "7")
    );
    assert_eq!(
        ok.payload,
        Some(serde_json::json!({"currentTime": "2026-01-01T00:00:00.000000000Z"}))
    );
    // the payload is checked against the action's response schema
    let bad = check(
        r#"[3,"7",{"status":"Accepted"}]"#,
        &options.with_action(Some("Heartbeat")),
    )
    .unwrap_err();
    assert!(
        matches!(
            bad,
            DecodeError::Invalid {
                kind: FrameKind::CallResult,
                ..
            }
        ),
        "{bad:?}"
    );
    // an action the version does not know
    let unknown = check(frame, &options.with_action(Some("Nope"))).unwrap_err();
    assert!(matches!(
        unknown,
        DecodeError::UnknownAction {
            kind: FrameKind::CallResult,
            ..
        }
    ));
    assert_eq!(unknown.message_id(), Some("7"));
}

#[test]
fn the_action_names_what_an_error_answers_and_leaves_calls_alone() {
    let options =
        CheckOptions::new(OcppVersion::V21, Endpoint::ChargePoint).with_action(Some("Reset"));
    let error = check(r#"[4,"1","NotSupported","",{}]"#, &options).unwrap();
    assert_eq!(
        (error.kind, error.action),
        (FrameKind::CallError, Some("Reset"))
    );
    let result_error = check(r#"[5,"1","FormatViolation","",{}]"#, &options).unwrap();
    assert_eq!(
        (result_error.kind, result_error.action),
        (FrameKind::CallResultError, Some("Reset"))
    );
    // a CALL is read by its own action
    let call = check(r#"[2,"2","Heartbeat",{}]"#, &options).unwrap();
    assert_eq!(call.action, Some("Heartbeat"));
    assert_eq!(
        check(
            r#"[2,"2","Heartbeat",{}]"#,
            &CheckOptions::new(OcppVersion::V21, Endpoint::ChargePoint)
        ),
        Ok(call)
    );
}
