//! One test per row of `ERRORS.md` (the table from every fault to its OCPP-J error code, in the
//! crate docs of `chargeshift_ocpp::error`): each row's frames decoded by the receiving end, with
//! the code spelled as the version spells it and the answer OCPP-J allows. A row of the table
//! without a case here fails the test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_ocpp::framing::FrameOptions;
use chargeshift_ocpp::{
    DecodeError, DecodeOptions, Decoder, Endpoint, Messages, OcppVersion, v16::Ocpp16, v21::Ocpp21,
    v201::Ocpp201,
};

/// One frame of a row: the version, who sends it, the text, the code as the version spells it,
/// the JSON path (when the fault is in the payload), and the answer (the message type number and
/// message id of the reply, `None` for no answer).
struct Case {
    row: &'static str,
    version: OcppVersion,
    sender: Endpoint,
    frame: &'static str,
    code: &'static str,
    path: Option<&'static str>,
    reply: Option<(u8, &'static str)>,
}

const CP: Endpoint = Endpoint::ChargePoint;
const CSMS: Endpoint = Endpoint::Csms;
const V16: OcppVersion = OcppVersion::V16;
const V201: OcppVersion = OcppVersion::V201;
const V21: OcppVersion = OcppVersion::V21;

#[rustfmt::skip]
const CASES: &[Case] = &[
    Case { row: "F1", version: V16, sender: CP, frame: r#"[2,"1","Heartbeat",{"#, code: "FormationViolation", path: None, reply: Some((4, "-1")) },
    Case { row: "F1", version: V201, sender: CP, frame: r#"[2,"1","Heartbe"#, code: "RpcFrameworkError", path: None, reply: Some((4, "-1")) },
    Case { row: "F2", version: V16, sender: CP, frame: r#"{"a":1}"#, code: "FormationViolation", path: None, reply: Some((4, "-1")) },
    Case { row: "F2", version: V21, sender: CP, frame: r#""text""#, code: "RpcFrameworkError", path: None, reply: Some((4, "-1")) },
    Case { row: "F3", version: V16, sender: CP, frame: "[]", code: "FormationViolation", path: None, reply: Some((4, "-1")) },
    Case { row: "F3", version: V201, sender: CP, frame: "[]", code: "RpcFrameworkError", path: None, reply: Some((4, "-1")) },
    Case { row: "F3", version: V21, sender: CP, frame: r#"["2","q","Heartbeat",{}]"#, code: "RpcFrameworkError", path: None, reply: Some((4, "q")) },
    Case { row: "F3", version: V201, sender: CP, frame: r#"[2.5,"q","Heartbeat",{}]"#, code: "RpcFrameworkError", path: None, reply: Some((4, "q")) },
    Case { row: "F4", version: V16, sender: CP, frame: r#"[9,"1",{}]"#, code: "NotSupported", path: None, reply: None },
    Case { row: "F4", version: V201, sender: CP, frame: r#"[9,"1",{}]"#, code: "MessageTypeNotSupported", path: None, reply: Some((4, "1")) },
    Case { row: "F4", version: V21, sender: CSMS, frame: r#"[0,"1",{}]"#, code: "MessageTypeNotSupported", path: None, reply: None },
    Case { row: "F5", version: V16, sender: CP, frame: r#"[6,"x","Heartbeat",{}]"#, code: "NotSupported", path: None, reply: None },
    Case { row: "F5", version: V16, sender: CSMS, frame: r#"[5,"x","InternalError","",{}]"#, code: "NotSupported", path: None, reply: None },
    Case { row: "F5", version: V201, sender: CP, frame: r#"[6,"x","Heartbeat",{}]"#, code: "MessageTypeNotSupported", path: None, reply: Some((4, "x")) },
    Case { row: "F6", version: V16, sender: CP, frame: r#"[2,"abc","Heartbeat"]"#, code: "FormationViolation", path: None, reply: Some((4, "abc")) },
    Case { row: "F6", version: V201, sender: CP, frame: r#"[2,"abc","Heartbeat",{},1]"#, code: "RpcFrameworkError", path: None, reply: Some((4, "abc")) },
    Case { row: "F7", version: V16, sender: CP, frame: r#"[2,1,"Heartbeat",{}]"#, code: "FormationViolation", path: None, reply: Some((4, "-1")) },
    Case { row: "F7", version: V201, sender: CP, frame: r#"[2,"0123456789012345678901234567890123456","Heartbeat",{}]"#, code: "RpcFrameworkError", path: None, reply: Some((4, "-1")) },
    Case { row: "F8", version: V16, sender: CP, frame: r#"[2,"a",5,{}]"#, code: "FormationViolation", path: None, reply: Some((4, "a")) },
    Case { row: "F8", version: V201, sender: CP, frame: r#"[2,"a",5,{}]"#, code: "RpcFrameworkError", path: None, reply: Some((4, "a")) },
    Case { row: "F8", version: V21, sender: CSMS, frame: r#"[4,"a",5,"x",{}]"#, code: "RpcFrameworkError", path: None, reply: None },
    Case { row: "F9", version: V16, sender: CP, frame: r#"[2,"a","Heartbeat",[]]"#, code: "FormationViolation", path: None, reply: Some((4, "a")) },
    Case { row: "F9", version: V201, sender: CP, frame: r#"[2,"a","Heartbeat",[]]"#, code: "FormatViolation", path: None, reply: Some((4, "a")) },
    // F10: the decoders of these cases allow frames of at most 64 bytes
    Case { row: "F10", version: V16, sender: CP, frame: r#"[2,"a","DataTransfer",{"vendorId":"com.example","data":"0123456789"}]"#, code: "FormationViolation", path: None, reply: Some((4, "-1")) },
    Case { row: "F10", version: V201, sender: CP, frame: r#"[2,"a","DataTransfer",{"vendorId":"com.example","data":"0123456789"}]"#, code: "RpcFrameworkError", path: None, reply: Some((4, "-1")) },
    Case { row: "F11", version: V16, sender: CP, frame: r#"[2,"a","Authorize",{"idTag":"A","idTag":"B"}]"#, code: "FormationViolation", path: Some("$.idTag"), reply: Some((4, "a")) },
    Case { row: "F11", version: V201, sender: CP, frame: r#"[2,"a","DataTransfer",{"vendorId":"V","data":{"x":[0,{"y":1,"y":1}]}}]"#, code: "FormatViolation", path: Some("$.data.x[1].y"), reply: Some((4, "a")) },
    Case { row: "F11", version: V21, sender: CP, frame: r#"[2,"a","Heartbeat",{"customData":{"vendorId":"V","k":{"n":1},"k":{"n":1}}}]"#, code: "FormatViolation", path: Some("$.customData.k"), reply: Some((4, "a")) },
    Case { row: "F11", version: V21, sender: CSMS, frame: r#"[3,"hb",{"currentTime":"2026-03-01T10:00:00Z","currentTime":"2026-03-01T10:00:00Z"}]"#, code: "FormatViolation", path: Some("$.currentTime"), reply: Some((5, "hb")) },
    Case { row: "F11", version: V201, sender: CSMS, frame: r#"[4,"hb","NotSupported","",{"a":1,"a":2}]"#, code: "FormatViolation", path: Some("$.a"), reply: None },
    Case { row: "D1", version: V16, sender: CP, frame: r#"[2,"a","FlyToTheMoon",{}]"#, code: "NotImplemented", path: None, reply: Some((4, "a")) },
    Case { row: "D1", version: V21, sender: CP, frame: r#"[2,"a","FlyToTheMoon",{}]"#, code: "NotImplemented", path: None, reply: Some((4, "a")) },
    Case { row: "D2", version: V16, sender: CP, frame: r#"[2,"a","RemoteStartTransaction",{"idTag":"X"}]"#, code: "NotSupported", path: None, reply: Some((4, "a")) },
    Case { row: "D2", version: V21, sender: CSMS, frame: r#"[2,"a","BootNotification",{}]"#, code: "NotSupported", path: None, reply: Some((4, "a")) },
    Case { row: "D3", version: V21, sender: CP, frame: r#"[6,"a","Heartbeat",{}]"#, code: "MessageTypeNotSupported", path: None, reply: None },
    Case { row: "D3", version: V21, sender: CP, frame: r#"[2,"a","NotifyPeriodicEventStream",{}]"#, code: "MessageTypeNotSupported", path: None, reply: Some((4, "a")) },
    Case { row: "D4", version: V16, sender: CP, frame: r#"[3,"zz",{}]"#, code: "ProtocolError", path: None, reply: None },
    Case { row: "D4", version: V21, sender: CP, frame: r#"[3,"zz",{}]"#, code: "ProtocolError", path: None, reply: None },
    Case { row: "S1", version: V16, sender: CP, frame: r#"[2,"a","Heartbeat",{"x":1}]"#, code: "FormationViolation", path: Some("$.x"), reply: Some((4, "a")) },
    Case { row: "S1", version: V201, sender: CP, frame: r#"[2,"a","Heartbeat",{"x":1}]"#, code: "FormatViolation", path: Some("$.x"), reply: Some((4, "a")) },
    Case { row: "S2", version: V16, sender: CP, frame: r#"[2,"a","Authorize",{}]"#, code: "OccurenceConstraintViolation", path: Some("$.idTag"), reply: Some((4, "a")) },
    Case { row: "S2", version: V201, sender: CP, frame: r#"[2,"a","BootNotification",{"reason":"PowerUp"}]"#, code: "OccurrenceConstraintViolation", path: Some("$.chargingStation"), reply: Some((4, "a")) },
    Case { row: "S3", version: V16, sender: CP, frame: r#"[2,"a","MeterValues",{"connectorId":1,"meterValue":[]}]"#, code: "OccurenceConstraintViolation", path: Some("$.meterValue"), reply: Some((4, "a")) },
    Case { row: "S3", version: V201, sender: CP, frame: r#"[2,"a","MeterValues",{"evseId":1,"meterValue":[]}]"#, code: "OccurrenceConstraintViolation", path: Some("$.meterValue"), reply: Some((4, "a")) },
    Case { row: "S4", version: V16, sender: CP, frame: r#"[2,"a","Authorize",{"idTag":12}]"#, code: "TypeConstraintViolation", path: Some("$.idTag"), reply: Some((4, "a")) },
    Case { row: "S4", version: V201, sender: CP, frame: r#"[2,"a","StatusNotification",{"timestamp":"2026-03-01T10:00:00Z","connectorStatus":"Available","evseId":1.5,"connectorId":1}]"#, code: "TypeConstraintViolation", path: Some("$.evseId"), reply: Some((4, "a")) },
    Case { row: "S5", version: V16, sender: CP, frame: r#"[2,"a","StatusNotification",{"connectorId":1,"errorCode":"Nope","status":"Available"}]"#, code: "PropertyConstraintViolation", path: Some("$.errorCode"), reply: Some((4, "a")) },
    Case { row: "S5", version: V201, sender: CP, frame: r#"[2,"a","StatusNotification",{"timestamp":"2026-03-01T10:00:00Z","connectorStatus":"Open","evseId":1,"connectorId":1}]"#, code: "PropertyConstraintViolation", path: Some("$.connectorStatus"), reply: Some((4, "a")) },
    Case { row: "S6", version: V16, sender: CP, frame: r#"[2,"a","Authorize",{"idTag":"0123456789ABCDEF0123456789"}]"#, code: "PropertyConstraintViolation", path: Some("$.idTag"), reply: Some((4, "a")) },
    Case { row: "S6", version: V201, sender: CP, frame: r#"[2,"a","Authorize",{"idToken":{"idToken":"0123456789012345678901234567890123456","type":"Central"}}]"#, code: "PropertyConstraintViolation", path: Some("$.idToken.idToken"), reply: Some((4, "a")) },
    Case { row: "S7", version: V16, sender: CP, frame: r#"[2,"a","StatusNotification",{"connectorId":9223372036854775808,"errorCode":"NoError","status":"Available"}]"#, code: "PropertyConstraintViolation", path: Some("$.connectorId"), reply: Some((4, "a")) },
    Case { row: "S7", version: V201, sender: CP, frame: r#"[2,"a","NotifyEVChargingNeeds",{"evseId":1,"chargingNeeds":{"requestedEnergyTransfer":"DC","dcChargingParameters":{"evMaxCurrent":1,"evMaxVoltage":1,"stateOfCharge":101}}}]"#, code: "PropertyConstraintViolation", path: Some("$.chargingNeeds.dcChargingParameters.stateOfCharge"), reply: Some((4, "a")) },
    Case { row: "S8", version: V16, sender: CSMS, frame: r#"[2,"a","SetChargingProfile",{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.05}]}}}]"#, code: "PropertyConstraintViolation", path: Some("$.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit"), reply: Some((4, "a")) },
    Case { row: "S9", version: V16, sender: CP, frame: r#"[2,"a","StopTransaction",{"transactionId":7,"meterStop":5300,"timestamp":"yesterday"}]"#, code: "PropertyConstraintViolation", path: Some("$.timestamp"), reply: Some((4, "a")) },
    Case { row: "S9", version: V201, sender: CP, frame: r#"[2,"a","StatusNotification",{"timestamp":"2026-02-30T10:00:00Z","connectorStatus":"Available","evseId":1,"connectorId":1}]"#, code: "PropertyConstraintViolation", path: Some("$.timestamp"), reply: Some((4, "a")) },
    // a CALLRESULT (answering the pending Heartbeat "hb"): a CALLRESULTERROR in 2.1
    Case { row: "S9", version: V21, sender: CSMS, frame: r#"[3,"hb",{"currentTime":"2026-03-01 10:00:00"}]"#, code: "PropertyConstraintViolation", path: Some("$.currentTime"), reply: Some((5, "hb")) },
    Case { row: "S10", version: V16, sender: CSMS, frame: r#"[2,"a","UpdateFirmware",{"location":"not a uri","retrieveDate":"2026-03-01T10:00:00Z"}]"#, code: "PropertyConstraintViolation", path: Some("$.location"), reply: Some((4, "a")) },
    Case { row: "S10", version: V16, sender: CSMS, frame: r#"[2,"a","GetDiagnostics",{"location":"ftp://x/ y"}]"#, code: "PropertyConstraintViolation", path: Some("$.location"), reply: Some((4, "a")) },
];

fn decode<M: Messages>(case: &Case) -> DecodeError {
    let mut options = DecodeOptions::default();
    if case.row == "F10" {
        options.frame = FrameOptions::default().with_max_frame_bytes(64);
    }
    let mut receiver = Decoder::<M>::with_options(case.sender.peer(), options);
    // a Heartbeat the receiver sent, which a CALLRESULT "hb" answers
    receiver.pending().insert("hb", "Heartbeat", 0);
    let err = receiver
        .decode(case.frame)
        .expect_err(&format!("{}: {} accepted", case.row, case.frame));
    // the fast path never takes a frame the full path rejects
    let mut fast = Decoder::<M>::with_options(case.sender.peer(), options);
    fast.pending().insert("hb", "Heartbeat", 0);
    assert!(fast.decode_valid(case.frame).is_none(), "{}", case.row);
    err
}

#[test]
fn every_row_of_the_error_table_has_its_code_and_answer() {
    for case in CASES {
        let err = match case.version {
            OcppVersion::V16 => decode::<Ocpp16>(case),
            OcppVersion::V201 => decode::<Ocpp201>(case),
            _ => decode::<Ocpp21>(case),
        };
        let what = format!("{} {} {}: {err}", case.row, case.version, case.frame);
        assert_eq!(err.error_code().as_str(case.version), case.code, "{what}");
        assert_eq!(err.path(), case.path, "{what}");
        let reply = err.reply(case.version).map(|f| f.to_value());
        match (reply, case.reply) {
            (None, None) => {}
            (Some(frame), Some((kind, id))) => {
                assert_eq!(frame[0], u64::from(kind), "{what}");
                assert_eq!(frame[1], id, "{what}");
                assert_eq!(frame[2], case.code, "{what}");
            }
            (got, want) => panic!("{what}: answer {got:?}, expected {want:?}"),
        }
    }
}

#[test]
fn every_row_of_the_error_table_is_tested() {
    let table = include_str!("../ERRORS.md");
    let rows: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|id| {
            id.len() >= 2
                && id.starts_with(['F', 'D', 'S'])
                && id[1..].chars().all(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(rows.len() >= 24, "{rows:?}");
    for row in &rows {
        assert!(
            CASES.iter().any(|c| c.row == *row),
            "row {row} of ERRORS.md has no case"
        );
    }
    for case in CASES {
        assert!(rows.contains(&case.row), "case of unknown row {}", case.row);
    }
}
