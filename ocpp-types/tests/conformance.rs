//! Conformance against the official OCPP schemas, for every action of every version, both
//! directions: schema-valid instances (from a deterministic, schema-driven instance generator)
//! decode; what the crate encodes validates against the schema; decode(encode(x)) == x; invalid
//! mutations are rejected with the expected error code and path.
//!
//! The schemas are fetched by `scripts/fetch-ocpp-schemas.sh` into `ocpp-types/schemas/`. On a
//! fresh clone without them every test here is skipped with a message saying so; with the
//! environment variable `CI` set (CI fetches them in its setup) their absence fails the tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::needless_pass_by_value,
    reason = "tests"
)]

use std::path::PathBuf;

use chargeshift_ocpp::framing::FrameOptions;
use chargeshift_ocpp::inspect::{CheckOptions, check};
use chargeshift_ocpp::{
    DecodeError, DecodeOptions, Decoder, Direction, Endpoint, ErrorCode, Frame, Leniency, Message,
    Messages, decode_request, decode_response, v16::Ocpp16, v21::Ocpp21, v201::Ocpp201,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn schema_dir(version: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(version);
    assert!(
        dir.is_dir(),
        "the OCPP schemas are missing in {}: run scripts/fetch-ocpp-schemas.sh first",
        dir.display()
    );
    dir
}

/// Whether `CI` is set (to anything but an empty string, `0` or `false`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Whether the schemas of `version` are there to test against. Without them a test is skipped,
/// with a message (once per run, on stderr, past the test harness's capture) naming the script
/// that fetches them; in CI their absence is not a skip but a failure (in [`schema_dir`]).
fn have_schemas(version: &str) -> bool {
    static SKIPPING: std::sync::Once = std::sync::Once::new();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    if dir.join(version).is_dir() || in_ci() {
        return true;
    }
    SKIPPING.call_once(|| {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "skipping the schema conformance tests: the OCPP schemas are missing in {}; run scripts/fetch-ocpp-schemas.sh to fetch them (with CI set, this is a failure)",
            dir.display()
        );
    });
    false
}

/// (action, is_response, schema) for every schema file of a version.
fn schemas(version: &str) -> Vec<(String, bool, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(schema_dir(version)).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (action, response) = match stem.strip_suffix("Response") {
            Some(a) => (a.to_owned(), true),
            None => (stem.trim_end_matches("Request").to_owned(), false),
        };
        out.push((action, response, schema));
    }
    out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    out
}

/// A tiny deterministic random source.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// How an instance is generated.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// Every property, boundary values (maxLength, maximum).
    Full,
    /// Required properties only, low values.
    Minimal,
    /// Random choices.
    Random,
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => &root["definitions"][r.trim_start_matches("#/definitions/")],
        None => node,
    }
}

fn instance(root: &Value, node: &Value, shape: Shape, rng: &mut Rng) -> Value {
    let node = resolve(root, node);
    if node.get("type").is_none() && node.get("properties").is_none() {
        // any JSON: a mix
        return json!({"k": [1, "two", null, {"x": true}]});
    }
    let ty = node.get("type").and_then(Value::as_str).unwrap_or("object");
    match ty {
        "object" => {
            let required: Vec<&str> = node
                .get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut map = Map::new();
            if let Some(props) = node.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    let take = match shape {
                        Shape::Full => true,
                        Shape::Minimal => required.contains(&name.as_str()),
                        Shape::Random => required.contains(&name.as_str()) || rng.below(2) == 0,
                    };
                    if take {
                        map.insert(name.clone(), instance(root, prop, shape, rng));
                    }
                }
            }
            Value::Object(map)
        }
        "array" => {
            let min = node.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let max = node
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(4)
                .min(4);
            let n = match shape {
                Shape::Full => max.max(min).max(1),
                Shape::Minimal => min,
                Shape::Random => min + rng.below(max.saturating_sub(min) + 1),
            };
            Value::Array(
                (0..n)
                    .map(|_| instance(root, &node["items"], shape, rng))
                    .collect(),
            )
        }
        "string" => {
            if let Some(values) = node.get("enum").and_then(Value::as_array) {
                return values[rng.below(values.len() as u64) as usize].clone();
            }
            if node.get("format").and_then(Value::as_str) == Some("uri") {
                return json!(format!("https://example.com/files/{}", rng.below(1000)));
            }
            if node.get("format").and_then(Value::as_str) == Some("date-time") {
                let ms = rng.below(1000);
                let day = 1 + rng.below(28);
                return json!(format!("2026-02-{day:02}T13:14:15.{ms:03}Z"));
            }
            let max = node.get("maxLength").and_then(Value::as_u64).unwrap_or(40);
            let len = match shape {
                Shape::Full => max,
                Shape::Minimal => 1.min(max),
                Shape::Random => rng.below(max.min(60) + 1),
            };
            let alphabet = ['a', 'Z', '0', '-', 'é', '€', ' '];
            json!(
                (0..len)
                    .map(|i| alphabet[(i as usize + rng.below(7) as usize) % alphabet.len()])
                    .collect::<String>()
            )
        }
        "integer" => {
            let min = node
                .get("minimum")
                .and_then(Value::as_f64)
                .map(|x| x.ceil() as i64);
            let max = node
                .get("maximum")
                .and_then(Value::as_f64)
                .map(|x| x.floor() as i64);
            let v = match shape {
                Shape::Full => max.unwrap_or(2_147_483_647),
                Shape::Minimal => min.unwrap_or(0),
                Shape::Random => {
                    let lo = min.unwrap_or(-1000);
                    let hi = max.unwrap_or(100_000);
                    lo + rng.below((hi - lo + 1).max(1) as u64) as i64
                }
            };
            json!(v)
        }
        "number" => {
            let min = node.get("minimum").and_then(Value::as_f64);
            let max = node.get("maximum").and_then(Value::as_f64);
            if node.get("multipleOf").is_some() {
                // tenths are exactly the values that trip naive float checks
                let tenths: [f64; 5] = [0.1, 0.3, 0.7, 1.1, 2.3];
                let v = tenths[rng.below(tenths.len() as u64) as usize];
                return json!(v.clamp(min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX)));
            }
            let v = match shape {
                Shape::Full => max.unwrap_or(1e9),
                Shape::Minimal => min.unwrap_or(0.0),
                Shape::Random => {
                    (rng.below(1_000_000) as f64) / 64.0 - if min.is_some() { 0.0 } else { 500.0 }
                }
            };
            json!(v.clamp(min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX)))
        }
        "boolean" => json!(rng.below(2) == 0),
        other => panic!("unexpected type {other}"),
    }
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap()
}

/// Decodes `payload`, encodes the result, checks the encoding against the schema and that it
/// decodes back to the same value.
fn round_trip<M: Messages>(
    action: &str,
    response: bool,
    payload: Value,
    schema_check: &jsonschema::Validator,
) {
    let context = format!("{:?} {action} response={response}: {payload}", M::VERSION);
    assert!(schema_check.is_valid(&payload), "generator bug: {context}");
    // the end that sends the CALL encodes the request; the other end answers it
    let info = M::action(action).unwrap();
    let caller = if info.direction == Direction::CsmsToChargePoint {
        Endpoint::Csms
    } else {
        Endpoint::ChargePoint
    };
    let encoder = Decoder::<M>::new(if response { caller.peer() } else { caller });
    let encoded: Value = if response {
        let (x, dev) = decode_response::<M>(action, payload, Leniency::strict())
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        assert!(dev.is_empty());
        let text = encoder.encode_result("m1", &x).unwrap();
        let frame: Value = serde_json::from_str(&text).unwrap();
        let back = frame[2].clone();
        let (y, _) = decode_response::<M>(action, back.clone(), Leniency::strict()).unwrap();
        assert_eq!(x, y, "{context}");
        back
    } else {
        let (x, dev) = decode_request::<M>(action, payload, Leniency::strict())
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        assert!(dev.is_empty());
        let mut encoder = encoder;
        let text = if info.send_only() {
            encoder.encode_send("m1", &x).unwrap()
        } else {
            encoder.encode_call("m1", &x).unwrap()
        };
        let frame: Value = serde_json::from_str(&text).unwrap();
        let back = frame[3].clone();
        let (y, _) = decode_request::<M>(action, back.clone(), Leniency::strict()).unwrap();
        assert_eq!(x, y, "{context}");
        back
    };
    let errors: Vec<String> = schema_check
        .iter_errors(&encoded)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{context}: encoded {encoded} breaks the schema: {errors:?}"
    );
}

/// Sends `payload` as a frame (a CALL of `action`, or the CALLRESULT answering one) to a decoder
/// of the receiving side and checks that the fast path ([`Decoder::decode_valid`]) takes exactly
/// the valid frames (`valid`), and that [`Decoder::decode`] answers exactly as the full path
/// (frame parse, table walk, typed decode) does.
fn both_paths<M: Messages>(action: &str, response: bool, payload: &Value, valid: bool) {
    let info = M::action(action).unwrap();
    let requester = match info.direction {
        Direction::CsmsToChargePoint => Endpoint::Csms,
        _ => Endpoint::ChargePoint,
    };
    let (local, text) = if response {
        (requester, json!([3, "m1", payload]).to_string())
    } else {
        (
            requester.peer(),
            json!([if info.send_only() { 6 } else { 2 }, "m1", action, payload]).to_string(),
        )
    };
    let mut options = DecodeOptions::default();
    // the generated full instances of 2.1's largest messages exceed the default frame limit
    options.frame = FrameOptions::default().with_max_frame_bytes(1 << 26);
    let decoder = || {
        let mut d = Decoder::<M>::with_options(local, options);
        if response {
            d.pending().insert("m1", info.action, 0);
        }
        d
    };
    let shown: String = text.chars().take(400).collect();
    let context = format!("{:?} {action} response={response}: {shown}", M::VERSION);
    let fast = decoder().decode_valid(&text);
    assert_eq!(fast.is_some(), valid, "fast path: {context}");
    let (mut both, mut full) = (decoder(), decoder());
    let via_decode = both.decode(&text);
    let via_full = Frame::parse_with(&text, options.frame)
        .map_err(DecodeError::from)
        .and_then(|f| full.decode_frame(f));
    assert_eq!(via_decode, via_full, "{context}");
    assert_eq!(both.pending().len(), full.pending().len(), "{context}");
    // an answer checked by its action (as a batch of a log does) takes the fast path when it is
    // valid and is decided as the decoder with the pending CALL decides it
    if response && text.len() <= FrameOptions::default().max_frame_bytes {
        let options = CheckOptions::new(M::VERSION, requester.peer()).with_action(Some(action));
        match (check(&text, &options), &via_full) {
            (Ok(checked), Ok(decoded)) => {
                assert!(checked.deviations.is_empty(), "{context}");
                assert_eq!(checked.action, Some(info.action), "{context}");
                if let Message::CallResult { response, .. } = &decoded.message {
                    assert_eq!(
                        checked.payload,
                        M::response_to_value(response).ok(),
                        "{context}"
                    );
                }
            }
            (Err(a), Err(b)) => {
                assert_eq!(
                    (a.error_code(), a.path()),
                    (b.error_code(), b.path()),
                    "{context}"
                );
            }
            (a, b) => panic!("check by action {a:?}, decoder {b:?}: {context}"),
        }
    }
    if let Some(message) = fast {
        assert_eq!(via_full.unwrap().message, message, "{context}");
    }
}

fn decode_err<M: Messages>(action: &str, response: bool, payload: Value) -> Option<DecodeError> {
    if response {
        decode_response::<M>(action, payload, Leniency::strict()).err()
    } else {
        decode_request::<M>(action, payload, Leniency::strict()).err()
    }
}

/// Mutations of a valid full instance, each with the error code it must give.
fn mutations(root: &Value, full: &Value) -> Vec<(String, Value, ErrorCode, String)> {
    let mut out = Vec::new();
    let Value::Object(map) = full else { return out };
    let required: Vec<&str> = root
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(first) = required.first() {
        let mut m = map.clone();
        m.remove(*first);
        out.push((
            format!("without {first}"),
            Value::Object(m),
            ErrorCode::OccurrenceConstraintViolation,
            format!("$.{first}"),
        ));
    }
    if root.get("additionalProperties") == Some(&Value::Bool(false)) {
        let mut m = map.clone();
        m.insert("notInTheSchema".into(), json!(1));
        out.push((
            "unknown field".into(),
            Value::Object(m),
            ErrorCode::FormatViolation,
            "$.notInTheSchema".into(),
        ));
    }
    let props = root.get("properties").and_then(Value::as_object);
    for (name, prop) in props.into_iter().flatten() {
        let prop = resolve(root, prop);
        let Some(ty) = prop.get("type").and_then(Value::as_str) else {
            continue;
        };
        let mut m = map.clone();
        let path = format!("$.{name}");
        // wrong type
        m.insert(
            name.clone(),
            if ty == "string" {
                json!(17)
            } else {
                json!("x")
            },
        );
        out.push((
            format!("{name} of the wrong type"),
            Value::Object(m.clone()),
            ErrorCode::TypeConstraintViolation,
            path.clone(),
        ));
        if prop.get("enum").is_some() {
            m.insert(name.clone(), json!("NotAnEnumValue"));
            out.push((
                format!("{name} not in the enum"),
                Value::Object(m.clone()),
                ErrorCode::PropertyConstraintViolation,
                path.clone(),
            ));
        } else if let Some(max) = prop.get("maxLength").and_then(Value::as_u64) {
            m.insert(name.clone(), json!("x".repeat(max as usize + 1)));
            out.push((
                format!("{name} too long"),
                Value::Object(m.clone()),
                ErrorCode::PropertyConstraintViolation,
                path.clone(),
            ));
        } else if prop.get("format").and_then(Value::as_str) == Some("date-time") {
            m.insert(name.clone(), json!("2026-02-30T00:00:00Z"));
            out.push((
                format!("{name} not a date-time"),
                Value::Object(m.clone()),
                ErrorCode::PropertyConstraintViolation,
                path.clone(),
            ));
        } else if prop.get("format").and_then(Value::as_str) == Some("uri") {
            m.insert(name.clone(), json!("not a uri"));
            out.push((
                format!("{name} not a URI"),
                Value::Object(m.clone()),
                ErrorCode::PropertyConstraintViolation,
                path.clone(),
            ));
        } else if let Some(min) = prop.get("minimum").and_then(Value::as_f64) {
            m.insert(
                name.clone(),
                if ty == "integer" {
                    json!(min as i64 - 1)
                } else {
                    json!(min - 1.0)
                },
            );
            out.push((
                format!("{name} below the minimum"),
                Value::Object(m.clone()),
                ErrorCode::PropertyConstraintViolation,
                path.clone(),
            ));
        } else if let Some(min) = prop
            .get("minItems")
            .and_then(Value::as_u64)
            .filter(|m| *m > 0)
        {
            let _ = min;
            m.insert(name.clone(), json!([]));
            out.push((
                format!("{name} with too few items"),
                Value::Object(m.clone()),
                ErrorCode::OccurrenceConstraintViolation,
                path.clone(),
            ));
        }
    }
    out
}

fn conformance<M: Messages>(version: &str, expected_actions: usize) {
    if !have_schemas(version) {
        return;
    }
    let all = schemas(version);
    let mut actions: Vec<&str> = all.iter().map(|(a, _, _)| a.as_str()).collect();
    actions.dedup();
    assert_eq!(actions.len(), expected_actions, "{version} actions");
    assert_eq!(M::actions().len(), expected_actions);
    let mut checked = 0;
    for (action, response, schema) in &all {
        let check = validator(schema);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let full = instance(schema, schema, Shape::Full, &mut rng);
        let minimal = instance(schema, schema, Shape::Minimal, &mut rng);
        both_paths::<M>(action, *response, &full, true);
        both_paths::<M>(action, *response, &minimal, true);
        round_trip::<M>(action, *response, full.clone(), &check);
        round_trip::<M>(action, *response, minimal, &check);
        for seed in 1..=8u64 {
            let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
            let random = instance(schema, schema, Shape::Random, &mut rng);
            both_paths::<M>(action, *response, &random, true);
            round_trip::<M>(action, *response, random, &check);
        }
        // shapes serde would read but the schema forbids: the payload as an array of its values,
        // and an optional field sent as null
        if let Value::Object(map) = &full
            && !map.is_empty()
        {
            let values = Value::Array(map.values().cloned().collect());
            both_paths::<M>(action, *response, &values, false);
            let required = schema.get("required").and_then(Value::as_array);
            let optional = map.keys().find(|k| {
                required.is_none_or(|r| !r.contains(&Value::String((*k).clone())))
                    && schema["properties"][k.as_str()].get("type").is_some()
            });
            if let Some(key) = optional {
                let mut nulled = map.clone();
                nulled.insert(key.clone(), Value::Null);
                both_paths::<M>(action, *response, &Value::Object(nulled), false);
            }
        }
        for (what, bad, code, path) in mutations(schema, &full) {
            assert!(
                !check.is_valid(&bad),
                "{version} {action}: mutation {what} is valid for the schema"
            );
            both_paths::<M>(action, *response, &bad, false);
            let err = decode_err::<M>(action, *response, bad.clone())
                .unwrap_or_else(|| panic!("{version} {action}: {what} accepted: {bad}"));
            assert_eq!(err.error_code(), code, "{version} {action}: {what}: {err}");
            assert_eq!(
                err.path(),
                Some(path.as_str()),
                "{version} {action}: {what}: {err}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, all.len());
}

#[test]
fn v16_every_action_conforms() {
    conformance::<Ocpp16>("v16", 39);
}

#[test]
fn v201_every_action_conforms() {
    conformance::<Ocpp201>("v201", 64);
}

#[test]
fn v21_every_action_conforms() {
    conformance::<Ocpp21>("v21", 91);
}

fn one_schema(version: &str, action: &str, response: bool) -> Value {
    schemas(version)
        .into_iter()
        .find(|(a, r, _)| a == action && *r == response)
        .unwrap()
        .2
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// decode(encode(x)) == x for generated 2.0.1 TransactionEvent and 1.6 MeterValues values.
    #[test]
    fn round_trip_generated_values(seed in 1u64..u64::MAX) {
        if !["v201", "v16", "v21"].into_iter().all(have_schemas) {
            return Ok(());
        }
        for (version, action) in [("v201", "TransactionEvent"), ("v16", "MeterValues"), ("v21", "SetChargingProfile")] {
            let schema = one_schema(version, action, false);
            let check = validator(&schema);
            let value = instance(&schema, &schema, Shape::Random, &mut Rng(seed));
            match version {
                "v16" => round_trip::<Ocpp16>(action, false, value, &check),
                "v201" => round_trip::<Ocpp201>(action, false, value, &check),
                _ => round_trip::<Ocpp21>(action, false, value, &check),
            }
        }
    }
}
