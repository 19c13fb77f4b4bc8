//! OCPP-native cutover: the CSMS→charger CALL frames that move each charge point of a phase
//! to the new back office without a gateway, and the frames that roll the phase back.
//!
//! Per charge point, by its OCPP version (the segment tag [`OcppOptions::version_tag`], else
//! [`OcppOptions::version_by_vendor`], else [`OcppOptions::default_version`]):
//!
//! | version | move (sent by the old back office) | rollback (sent by the new back office) |
//! |---|---|---|
//! | 2.0.1, 2.1 | `SetNetworkProfile` (the new back office into its slot), `SetVariables` `OCPPCommCtrlr.NetworkConfigurationPriority` = `new,old`, `ClearCache`, `Reset` `OnIdle` | `SetNetworkProfile` (the old back office into its slot), `SetVariables` priority `old,new`, `ClearCache`, `Reset` `OnIdle` |
//! | 1.6 | `ChangeConfiguration` of the vendor/model's URL key ([`UrlKeys`]) to the new URL, `ClearCache`, `Reset` `Soft` | the same with the old URL |
//!
//! This is OCPP 2.0.1's use cases B09/B10: the old slot stays as the fallback, so a station
//! that cannot reach the new back office falls back to the old one; `Reset OnIdle` waits for
//! running transactions to end. `ClearCache` drops the authorization cache, since the new back
//! office is the authority after the move. In 2.1 `ocppVersion` of the connection profile is
//! left out (the version is the WebSocket subprotocol); in 2.0.1 it is `OCPP20`.
//!
//! OCPP 1.6 has no standard key for the back-office URL: [`UrlKeys`] reads a CSV file the
//! operator extends (`vendor,model,key`, `model` may be `*`, `#` starts a comment; vendor and
//! model match ignoring ASCII case, an exact model before `*`). A 1.6 charge point whose
//! vendor/model has no key gets no frames and is a [`CutoverCheck::NoUrlKey`] finding.
//!
//! A URL may hold `{identity}`, replaced by the charge point's identity (for chargers whose
//! setting is the full URL). Every frame is written with [`Decoder::encode_call`], which
//! validates it against its official schema; a frame that fails (a URL over the schema's
//! length, say) is a [`CutoverCheck::InvalidFrame`] finding and that charge point gets no frames.
//! Message ids are `m<phase>-<n>` (move) and `r<phase>-<n>` (rollback), `n` counting the
//! frames of the file from 1.
//!
//! A build of this crate without a version's cargo feature (`ocpp-v16`, `ocpp-v201`, `ocpp-v21`)
//! writes no frames for that version: its charge points are a [`CutoverCheck::UnknownOcppVersion`]
//! finding that names the feature.
//!
//! Written as JSONL, one frame per line: `{"identity":"CP1","frame":"[2,\"m1-1\",...]"}`.

use std::collections::BTreeMap;

use chargeshift_graph::{AssetId, Finding, Fleet, NodeKind, Severity};
#[cfg(feature = "ocpp-v16")]
use chargeshift_ocpp::v16;
#[cfg(feature = "ocpp-v21")]
use chargeshift_ocpp::v21;
#[cfg(feature = "ocpp-v201")]
use chargeshift_ocpp::v201;
use chargeshift_ocpp::{Decoder, Endpoint, OcppVersion};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CutoverCheck, CutoverError, CutoverPlan};

/// One back office as a charge point reaches it.
///
/// ```
/// use chargeshift_planner::cutover::frames::BackOfficeEndpoint;
/// let e: BackOfficeEndpoint = serde_json::from_str(r#"{"url": "wss://new.example/ocpp", "slot": 2}"#)?;
/// assert_eq!(e.security_profile, 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackOfficeEndpoint {
    /// The OCPP-J URL (`ws://` or `wss://`); `{identity}` is replaced by the charge point's
    /// identity.
    pub url: String,
    /// The OCPP security profile, 0 to 3 (default 2: TLS with basic authentication).
    #[serde(default = "default_security_profile")]
    pub security_profile: i64,
    /// The OCPP 2.x configuration slot that holds this back office's connection profile.
    pub slot: i64,
}

fn default_security_profile() -> i64 {
    2
}

/// The OCPP 2.x network interface of a connection profile (`Wired0` .. `Wireless3`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, PartialOrd, Ord,
)]
#[non_exhaustive]
pub enum NetworkInterface {
    /// The first wired interface (the default).
    #[default]
    Wired0,
    /// The second wired interface.
    Wired1,
    /// The third wired interface.
    Wired2,
    /// The fourth wired interface.
    Wired3,
    /// The first wireless interface (e.g. the cellular modem).
    Wireless0,
    /// The second wireless interface.
    Wireless1,
    /// The third wireless interface.
    Wireless2,
    /// The fourth wireless interface.
    Wireless3,
}

/// How charge points reach the two back offices, and which OCPP version each speaks.
///
/// ```
/// use chargeshift_planner::cutover::frames::OcppOptions;
/// let o: OcppOptions = serde_json::from_str(r#"{
///     "old": {"url": "wss://old.example/ocpp", "slot": 1},
///     "new": {"url": "wss://new.example/ocpp", "slot": 2}
/// }"#)?;
/// assert_eq!(o.default_version, "2.0.1");
/// assert_eq!(o.version_tag, "ocpp_version");
/// assert_eq!(o.message_timeout, 30);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OcppOptions {
    /// The back office the fleet leaves.
    pub old: BackOfficeEndpoint,
    /// The back office the fleet moves to.
    pub new: BackOfficeEndpoint,
    /// The segment tag that holds a charge point's OCPP version (default `ocpp_version`).
    #[serde(default = "default_version_tag")]
    pub version_tag: String,
    /// The OCPP version of a charge point by vendor, when it has no such tag.
    #[serde(default)]
    pub version_by_vendor: BTreeMap<String, String>,
    /// The OCPP version of every other charge point (default `2.0.1`; `1.6`, `2.0.1`, `2.1`).
    #[serde(default = "default_version")]
    pub default_version: String,
    /// The OCPP 2.x message timeout of the connection profiles, seconds (default 30).
    #[serde(default = "default_message_timeout")]
    pub message_timeout: i64,
    /// The OCPP 2.x network interface of the connection profiles (default `Wired0`).
    #[serde(default)]
    pub interface: NetworkInterface,
}

fn default_version_tag() -> String {
    "ocpp_version".to_owned()
}

fn default_version() -> String {
    "2.0.1".to_owned()
}

fn default_message_timeout() -> i64 {
    30
}

impl OcppOptions {
    /// Checks the options: versions that are versions, security profiles 0 to 3, slots and
    /// the message timeout not negative, two different slots.
    ///
    /// # Errors
    /// [`CutoverError::InvalidOcpp`] naming the field.
    ///
    /// ```
    /// use chargeshift_planner::cutover::frames::OcppOptions;
    /// let mut o: OcppOptions = serde_json::from_str(r#"{"old": {"url": "wss://a", "slot": 1}, "new": {"url": "wss://b", "slot": 1}}"#)?;
    /// assert!(o.check().unwrap_err().to_string().contains("ocpp.new.slot"));
    /// o.new.slot = 2;
    /// assert!(o.check().is_ok());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn check(&self) -> Result<(), CutoverError> {
        let invalid = |field: &'static str, value: String, reason: &'static str| {
            Err(CutoverError::InvalidOcpp {
                field,
                value,
                reason,
            })
        };
        if self.default_version.parse::<OcppVersion>().is_err() {
            return invalid(
                "ocpp.default_version",
                self.default_version.clone(),
                "an OCPP version: 1.6, 2.0.1 or 2.1",
            );
        }
        if let Some(v) = self
            .version_by_vendor
            .values()
            .find(|v| v.parse::<OcppVersion>().is_err())
        {
            return invalid(
                "ocpp.version_by_vendor",
                v.clone(),
                "an OCPP version: 1.6, 2.0.1 or 2.1",
            );
        }
        for (field, e) in [
            ("ocpp.old.security_profile", &self.old),
            ("ocpp.new.security_profile", &self.new),
        ] {
            if !(0..=3).contains(&e.security_profile) {
                return invalid(field, e.security_profile.to_string(), "0, 1, 2 or 3");
            }
        }
        for (field, e) in [("ocpp.old.slot", &self.old), ("ocpp.new.slot", &self.new)] {
            if e.slot < 0 {
                return invalid(field, e.slot.to_string(), "a slot number from 0");
            }
        }
        if self.old.slot == self.new.slot {
            return invalid(
                "ocpp.new.slot",
                self.new.slot.to_string(),
                "a slot other than the old back office's",
            );
        }
        if self.message_timeout < 0 {
            return invalid(
                "ocpp.message_timeout",
                self.message_timeout.to_string(),
                "seconds, from 0",
            );
        }
        Ok(())
    }
}

/// One row of the 1.6 URL key mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UrlKey {
    /// The vendor, as in the fleet (or the BootNotification).
    pub vendor: String,
    /// The model, or `*` for every model of the vendor.
    pub model: String,
    /// The `ChangeConfiguration` key that holds the back-office URL.
    pub key: String,
}

/// The OCPP 1.6 `ChangeConfiguration` key that holds the back-office URL, per vendor/model.
///
/// ```
/// use chargeshift_planner::cutover::frames::UrlKeys;
/// let keys = UrlKeys::from_csv("vendor,model,key\n# a comment\nACME,*,CsmsUrl\nACME,Fast 2,BackendUrl\n", "keys.csv")?;
/// assert_eq!(keys.key("acme", "Fast 2"), Some("BackendUrl"));
/// assert_eq!(keys.key("ACME", "Slow"), Some("CsmsUrl"));
/// assert_eq!(keys.key("Other", "Slow"), None);
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlKeys {
    rows: Vec<UrlKey>,
}

impl UrlKeys {
    /// The mapping in `text`, a CSV file with the header `vendor,model,key` (`source` names it
    /// in errors).
    ///
    /// # Errors
    /// [`CutoverError::InvalidUrlKeys`] with the line: a wrong header, a row without three
    /// fields, an empty field, a key over 50 characters (1.6's limit), the same vendor/model
    /// twice.
    ///
    /// # Complexity
    /// O(rows²) for the duplicate check (the file is small).
    pub fn from_csv(text: &str, source: &str) -> Result<UrlKeys, CutoverError> {
        let err = |line: u64, message: String| CutoverError::InvalidUrlKeys {
            file: source.to_owned(),
            line,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let names: Vec<&str> = header.iter().collect();
        if names != ["vendor", "model", "key"] {
            return Err(err(
                header.position().map_or(1, csv::Position::line),
                format!("the header is {names:?}, expected vendor,model,key"),
            ));
        }
        let mut rows: Vec<UrlKey> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                err(line, e.to_string())
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
            let row = UrlKey {
                vendor: field(0),
                model: field(1),
                key: field(2),
            };
            if row.vendor.is_empty() || row.model.is_empty() || row.key.is_empty() {
                return Err(err(
                    line,
                    "vendor, model and key must not be empty (model `*` for every model)".into(),
                ));
            }
            if row.key.chars().count() > 50 {
                return Err(err(
                    line,
                    format!("key {:?} is over 50 characters, OCPP 1.6's limit", row.key),
                ));
            }
            if rows.iter().any(|r| {
                r.vendor.eq_ignore_ascii_case(&row.vendor)
                    && r.model.eq_ignore_ascii_case(&row.model)
            }) {
                return Err(err(
                    line,
                    format!("{} / {} is mapped twice", row.vendor, row.model),
                ));
            }
            rows.push(row);
        }
        Ok(UrlKeys { rows })
    }

    /// The key for `vendor`/`model`: the row of that model, else the vendor's `*` row.
    ///
    /// # Complexity
    /// O(rows).
    #[must_use]
    pub fn key(&self, vendor: &str, model: &str) -> Option<&str> {
        let of = |m: &str| {
            self.rows
                .iter()
                .find(|r| r.vendor.eq_ignore_ascii_case(vendor) && r.model.eq_ignore_ascii_case(m))
                .map(|r| r.key.as_str())
        };
        of(model).or_else(|| of("*"))
    }

    /// The rows, in file order.
    #[must_use]
    pub fn rows(&self) -> &[UrlKey] {
        &self.rows
    }
}

/// One line of a frames file: the charge point and the OCPP-J CALL the CSMS sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameLine {
    /// The charge point identity.
    pub identity: String,
    /// The CALL as OCPP-J text.
    pub frame: String,
}

/// The frames of one phase that moves charge points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseFrames {
    /// The phase: 1 the pilot, 2.. the waves.
    pub phase: u32,
    /// `pilot` or `wave N`.
    pub name: String,
    /// The frames that move the phase's charge points, per charge point in identity order.
    pub forward: Vec<FrameLine>,
    /// The frames that move them back to the old back office.
    pub rollback: Vec<FrameLine>,
}

impl PhaseFrames {
    /// `lines` as JSONL: one JSON object per line, each line ending in `\n`.
    ///
    /// # Errors
    /// A [`serde_json::Error`] (not expected: the lines are strings).
    ///
    /// ```
    /// use chargeshift_planner::cutover::frames::{FrameLine, PhaseFrames};
    /// let l = FrameLine { identity: "CP1".into(), frame: r#"[2,"m1-1","Reset",{"type":"Soft"}]"#.into() };
    /// assert_eq!(PhaseFrames::jsonl(&[l])?, "{\"identity\":\"CP1\",\"frame\":\"[2,\\\"m1-1\\\",\\\"Reset\\\",{\\\"type\\\":\\\"Soft\\\"}]\"}\n");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn jsonl(lines: &[FrameLine]) -> Result<String, serde_json::Error> {
        let mut out = String::new();
        for l in lines {
            out.push_str(&serde_json::to_string(l)?);
            out.push('\n');
        }
        Ok(out)
    }
}

/// The frames of every phase that moves charge points, and what kept a charge point from
/// getting frames.
#[derive(Debug, Clone, PartialEq)]
pub struct CutoverFrames {
    /// Per phase from 1, in order.
    pub phases: Vec<PhaseFrames>,
    /// Charge points without frames, and why (errors).
    pub findings: Vec<Finding<CutoverCheck>>,
}

/// Builds and validates the CALLs of one version, counting the message ids of one file.
struct Writer<M: chargeshift_ocpp::Messages> {
    decoder: Decoder<M>,
}

impl<M: chargeshift_ocpp::Messages> Writer<M> {
    fn new() -> Writer<M> {
        Writer {
            decoder: Decoder::new(Endpoint::Csms),
        }
    }

    fn calls(
        &mut self,
        prefix: &str,
        counter: &mut usize,
        requests: &[M::Request],
    ) -> Result<Vec<String>, chargeshift_ocpp::EncodeError> {
        let mut out = Vec::with_capacity(requests.len());
        for r in requests {
            let id = format!("{prefix}-{}", *counter + out.len() + 1);
            out.push(self.decoder.encode_call(&id, r)?);
            // these CALLs are written, not sent: no answer is awaited
            self.decoder.pending().take(&id);
        }
        *counter += out.len();
        Ok(out)
    }
}

fn url_for(url: &str, identity: &str) -> String {
    url.replace("{identity}", identity)
}

#[cfg(any(feature = "ocpp-v201", feature = "ocpp-v21"))]
fn priority(first: i64, then: i64) -> String {
    format!("{first},{then}")
}

#[cfg(feature = "ocpp-v201")]
fn v201_requests(
    o: &OcppOptions,
    to: &BackOfficeEndpoint,
    from: &BackOfficeEndpoint,
    identity: &str,
) -> Vec<v201::Request> {
    use v201::*;
    let interface = match o.interface {
        NetworkInterface::Wired0 => OCPPInterfaceEnumType::Wired0,
        NetworkInterface::Wired1 => OCPPInterfaceEnumType::Wired1,
        NetworkInterface::Wired2 => OCPPInterfaceEnumType::Wired2,
        NetworkInterface::Wired3 => OCPPInterfaceEnumType::Wired3,
        NetworkInterface::Wireless0 => OCPPInterfaceEnumType::Wireless0,
        NetworkInterface::Wireless1 => OCPPInterfaceEnumType::Wireless1,
        NetworkInterface::Wireless2 => OCPPInterfaceEnumType::Wireless2,
        NetworkInterface::Wireless3 => OCPPInterfaceEnumType::Wireless3,
    };
    vec![
        Request::SetNetworkProfile(Box::new(SetNetworkProfileRequest {
            configuration_slot: to.slot,
            connection_data: NetworkConnectionProfileType {
                apn: None,
                custom_data: None,
                message_timeout: o.message_timeout,
                ocpp_csms_url: url_for(&to.url, identity),
                ocpp_interface: interface,
                ocpp_transport: OCPPTransportEnumType::JSON,
                ocpp_version: OCPPVersionEnumType::OCPP20,
                security_profile: to.security_profile,
                vpn: None,
            },
            custom_data: None,
        })),
        Request::SetVariables(Box::new(SetVariablesRequest {
            custom_data: None,
            set_variable_data: vec![SetVariableDataType {
                attribute_type: None,
                attribute_value: priority(to.slot, from.slot),
                component: ComponentType {
                    custom_data: None,
                    evse: None,
                    instance: None,
                    name: "OCPPCommCtrlr".to_owned(),
                },
                custom_data: None,
                variable: VariableType {
                    custom_data: None,
                    instance: None,
                    name: "NetworkConfigurationPriority".to_owned(),
                },
            }],
        })),
        Request::ClearCache(Box::default()),
        Request::Reset(Box::new(ResetRequest {
            custom_data: None,
            evse_id: None,
            r#type: ResetEnumType::OnIdle,
        })),
    ]
}

#[cfg(feature = "ocpp-v21")]
fn v21_requests(
    o: &OcppOptions,
    to: &BackOfficeEndpoint,
    from: &BackOfficeEndpoint,
    identity: &str,
) -> Vec<v21::Request> {
    use v21::*;
    let interface = match o.interface {
        NetworkInterface::Wired0 => OCPPInterfaceEnumType::Wired0,
        NetworkInterface::Wired1 => OCPPInterfaceEnumType::Wired1,
        NetworkInterface::Wired2 => OCPPInterfaceEnumType::Wired2,
        NetworkInterface::Wired3 => OCPPInterfaceEnumType::Wired3,
        NetworkInterface::Wireless0 => OCPPInterfaceEnumType::Wireless0,
        NetworkInterface::Wireless1 => OCPPInterfaceEnumType::Wireless1,
        NetworkInterface::Wireless2 => OCPPInterfaceEnumType::Wireless2,
        NetworkInterface::Wireless3 => OCPPInterfaceEnumType::Wireless3,
    };
    vec![
        Request::SetNetworkProfile(Box::new(SetNetworkProfileRequest {
            configuration_slot: to.slot,
            connection_data: NetworkConnectionProfileType {
                apn: None,
                basic_auth_password: None,
                custom_data: None,
                identity: None,
                message_timeout: o.message_timeout,
                ocpp_csms_url: url_for(&to.url, identity),
                ocpp_interface: interface,
                ocpp_transport: OCPPTransportEnumType::JSON,
                ocpp_version: None,
                security_profile: to.security_profile,
                vpn: None,
            },
            custom_data: None,
        })),
        Request::SetVariables(Box::new(SetVariablesRequest {
            custom_data: None,
            set_variable_data: vec![SetVariableDataType {
                attribute_type: None,
                attribute_value: priority(to.slot, from.slot),
                component: ComponentType {
                    custom_data: None,
                    evse: None,
                    instance: None,
                    name: "OCPPCommCtrlr".to_owned(),
                },
                custom_data: None,
                variable: VariableType {
                    custom_data: None,
                    instance: None,
                    name: "NetworkConfigurationPriority".to_owned(),
                },
            }],
        })),
        Request::ClearCache(Box::default()),
        Request::Reset(Box::new(ResetRequest {
            custom_data: None,
            evse_id: None,
            r#type: ResetEnumType::OnIdle,
        })),
    ]
}

#[cfg(feature = "ocpp-v16")]
fn v16_requests(key: &str, to: &BackOfficeEndpoint, identity: &str) -> Vec<v16::Request> {
    use v16::*;
    vec![
        Request::ChangeConfiguration(Box::new(ChangeConfigurationRequest {
            key: key.to_owned(),
            value: url_for(&to.url, identity),
        })),
        Request::ClearCache(Box::default()),
        Request::Reset(Box::new(ResetRequest {
            r#type: ResetRequestType::Soft,
        })),
    ]
}

/// The version of charge point `identity`, or the tag value that is no version.
fn version_of(fleet: &Fleet, o: &OcppOptions, identity: &str) -> Result<OcppVersion, String> {
    let cp = fleet.find(NodeKind::ChargePoint, identity);
    let tag = cp.and_then(|cp| fleet.segment_of(cp, &o.version_tag));
    if let Some(t) = tag {
        return t.parse().map_err(|_| t);
    }
    let vendor = cp.and_then(|cp| fleet.segment_of(cp, "vendor"));
    let text = vendor
        .and_then(|v| o.version_by_vendor.get(&v))
        .unwrap_or(&o.default_version);
    text.parse().map_err(|_| text.clone())
}

/// The move and rollback frames of one charge point, or why they could not be written.
type Built = Result<(Vec<String>, Vec<String>), chargeshift_ocpp::EncodeError>;

/// Groups charge point ids under a reason, for one finding per reason.
type Missing = BTreeMap<String, Vec<String>>;

/// The CALL frames of every phase of `plan` (the pilot and each wave) that move its charge
/// points to the new back office, and those that roll it back, for the endpoints and
/// versions of `plan.request.ocpp`; 1.6 URL keys from `keys`.
///
/// # Errors
/// [`CutoverError::MissingOcpp`] when the request has no `ocpp` section;
/// [`CutoverError::InvalidOcpp`] from [`OcppOptions::check`].
///
/// # Complexity
/// O(C × (K + log V)) for C charge points, K URL key rows and V fleet nodes.
///
/// ```
/// use chargeshift_planner::cutover::{frames, plan, CutoverRequest};
/// let fleet = chargeshift_graph::generate::fleet(100);
/// let mut request = CutoverRequest::new("2026-03-02".parse().unwrap());
/// request.ocpp = Some(serde_json::from_str(r#"{"old": {"url": "wss://old.example/ocpp", "slot": 1}, "new": {"url": "wss://new.example/ocpp", "slot": 2}}"#).unwrap());
/// let p = plan(&fleet, &request)?;
/// let f = frames::frames(&fleet, &p, &frames::UrlKeys::default())?;
/// assert!(f.findings.is_empty());
/// let pilot = &f.phases[0];
/// assert_eq!(pilot.forward.len(), 4 * p.pilot.charge_points.len());
/// assert!(pilot.forward[0].frame.contains("\"SetNetworkProfile\""));
/// assert!(pilot.rollback[1].frame.contains("\"attributeValue\":\"1,2\""));
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
pub fn frames(
    fleet: &Fleet,
    plan: &CutoverPlan,
    keys: &UrlKeys,
) -> Result<CutoverFrames, CutoverError> {
    let o = plan
        .request
        .ocpp
        .as_ref()
        .ok_or(CutoverError::MissingOcpp)?;
    o.check()?;
    let mut by_phase: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for a in &plan.routing.assignments {
        by_phase
            .entry(a.phase)
            .or_default()
            .push(a.identity.as_str());
    }
    let (mut no_key, mut bad_version, mut invalid): (Missing, Missing, Missing) =
        Default::default();
    // 1.6's URL keys are read only when 1.6 is compiled in
    #[cfg(not(feature = "ocpp-v16"))]
    let _ = (keys, &mut no_key);
    // charge points of a version this build leaves out, by version
    #[cfg(not(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21")))]
    let mut not_compiled: BTreeMap<OcppVersion, Vec<String>> = BTreeMap::new();
    let mut phases = Vec::new();
    for info in plan.routing.phases.iter().filter(|p| p.phase > 0) {
        let mut forward = Vec::new();
        let mut rollback = Vec::new();
        let (mut nf, mut nr) = (0usize, 0usize);
        let (mf, mr) = (format!("m{}", info.phase), format!("r{}", info.phase));
        #[cfg(feature = "ocpp-v16")]
        let mut w16 = Writer::<v16::Ocpp16>::new();
        #[cfg(feature = "ocpp-v201")]
        let mut w201 = Writer::<v201::Ocpp201>::new();
        #[cfg(feature = "ocpp-v21")]
        let mut w21 = Writer::<v21::Ocpp21>::new();
        for &identity in by_phase.get(&info.phase).map_or(&[][..], Vec::as_slice) {
            let version = match version_of(fleet, o, identity) {
                Ok(v) => v,
                Err(value) => {
                    bad_version
                        .entry(value)
                        .or_default()
                        .push(identity.to_owned());
                    continue;
                }
            };
            // counters move only when both directions encode, so ids stay dense
            let (sf, sr) = (nf, nr);
            let built: Built = match version {
                #[cfg(feature = "ocpp-v16")]
                OcppVersion::V16 => {
                    let cp = fleet.find(NodeKind::ChargePoint, identity);
                    let vendor = cp
                        .and_then(|cp| fleet.segment_of(cp, "vendor"))
                        .unwrap_or_default();
                    let model = cp
                        .and_then(|cp| fleet.segment_of(cp, "model"))
                        .unwrap_or_default();
                    let Some(key) = keys.key(&vendor, &model) else {
                        no_key
                            .entry(format!("{vendor} / {model}"))
                            .or_default()
                            .push(identity.to_owned());
                        continue;
                    };
                    w16.calls(&mf, &mut nf, &v16_requests(key, &o.new, identity))
                        .and_then(|f| {
                            w16.calls(&mr, &mut nr, &v16_requests(key, &o.old, identity))
                                .map(|r| (f, r))
                        })
                }
                #[cfg(feature = "ocpp-v201")]
                OcppVersion::V201 => w201
                    .calls(&mf, &mut nf, &v201_requests(o, &o.new, &o.old, identity))
                    .and_then(|f| {
                        w201.calls(&mr, &mut nr, &v201_requests(o, &o.old, &o.new, identity))
                            .map(|r| (f, r))
                    }),
                #[cfg(feature = "ocpp-v21")]
                OcppVersion::V21 => w21
                    .calls(&mf, &mut nf, &v21_requests(o, &o.new, &o.old, identity))
                    .and_then(|f| {
                        w21.calls(&mr, &mut nr, &v21_requests(o, &o.old, &o.new, identity))
                            .map(|r| (f, r))
                    }),
                // a version of OCPP this build leaves out (its cargo feature was off)
                #[cfg(not(all(
                    feature = "ocpp-v16",
                    feature = "ocpp-v201",
                    feature = "ocpp-v21"
                )))]
                other
                    if matches!(
                        other,
                        OcppVersion::V16 | OcppVersion::V201 | OcppVersion::V21
                    ) =>
                {
                    not_compiled
                        .entry(other)
                        .or_default()
                        .push(identity.to_owned());
                    continue;
                }
                // a version this crate does not write frames for
                other => {
                    bad_version
                        .entry(other.to_string())
                        .or_default()
                        .push(identity.to_owned());
                    continue;
                }
            };
            match built {
                Ok((f, r)) => {
                    let line = |frame| FrameLine {
                        identity: identity.to_owned(),
                        frame,
                    };
                    forward.extend(f.into_iter().map(line));
                    rollback.extend(r.into_iter().map(line));
                }
                Err(e) => {
                    (nf, nr) = (sf, sr);
                    // grouped by what is wrong, not by the message id
                    let why = match e {
                        chargeshift_ocpp::EncodeError::Invalid {
                            action, violation, ..
                        } => format!("{action}: {violation}"),
                        other => other.to_string(),
                    };
                    invalid
                        .entry(format!("{version} {why}"))
                        .or_default()
                        .push(identity.to_owned());
                }
            }
        }
        phases.push(PhaseFrames {
            phase: info.phase,
            name: info.name.clone(),
            forward,
            rollback,
        });
    }
    let mut findings = Vec::new();
    let ids = |list: Vec<String>| {
        list.into_iter()
            .map(|id| AssetId::new(NodeKind::ChargePoint, &id))
            .collect::<Vec<_>>()
    };
    for (what, list) in no_key {
        findings.push(
            Finding::new(
                CutoverCheck::NoUrlKey,
                Severity::Error,
                format!(
                    "{} OCPP 1.6 charge point(s) of {what} get no frames: the URL key mapping has no key for that vendor/model (add a row vendor,model,key)",
                    list.len()
                ),
            )
            .with_asset_ids(ids(list)),
        );
    }
    for (value, list) in bad_version {
        findings.push(
            Finding::new(
                CutoverCheck::UnknownOcppVersion,
                Severity::Error,
                format!(
                    "{} charge point(s) get no frames: OCPP version {value:?} (tag {:?} or request) is not 1.6, 2.0.1 or 2.1",
                    list.len(),
                    o.version_tag
                ),
            )
            .with_asset_ids(ids(list)),
        );
    }
    #[cfg(not(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21")))]
    for (version, list) in not_compiled {
        findings.push(
            Finding::new(
                CutoverCheck::UnknownOcppVersion,
                Severity::Error,
                format!(
                    "{} charge point(s) get no frames: {}",
                    list.len(),
                    crate::error::not_compiled(version)
                ),
            )
            .with_asset_ids(ids(list)),
        );
    }
    for (why, list) in invalid {
        findings.push(
            Finding::new(
                CutoverCheck::InvalidFrame,
                Severity::Error,
                format!(
                    "{} charge point(s) get no frames: a frame breaks its schema: {why}",
                    list.len()
                ),
            )
            .with_asset_ids(ids(list)),
        );
    }
    Ok(CutoverFrames { phases, findings })
}

// the tests go over every version (clippy's test exemptions see only a plain `cfg(test)`)
#[cfg(test)]
#[cfg(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"))]
mod tests {
    use super::*;
    use crate::cutover::{CutoverRequest, plan};
    use chargeshift_ocpp::{Decoder, Message};

    fn options(default_version: &str) -> OcppOptions {
        OcppOptions {
            old: BackOfficeEndpoint {
                url: "wss://old.example/ocpp".into(),
                security_profile: 2,
                slot: 1,
            },
            new: BackOfficeEndpoint {
                url: "wss://new.example/ocpp/{identity}".into(),
                security_profile: 3,
                slot: 2,
            },
            version_tag: "ocpp_version".into(),
            version_by_vendor: BTreeMap::new(),
            default_version: default_version.into(),
            message_timeout: 30,
            interface: NetworkInterface::Wireless0,
        }
    }

    fn planned(o: OcppOptions, n: usize) -> (Fleet, CutoverPlan) {
        let fleet = chargeshift_graph::generate::fleet(n);
        let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
        r.waves.max_charge_points = 40;
        r.ocpp = Some(o);
        let p = plan(&fleet, &r).unwrap();
        (fleet, p)
    }

    /// Decodes every line strictly as the charge point would, and returns the actions.
    fn decode_all<M: chargeshift_ocpp::Messages>(lines: &[FrameLine]) -> Vec<String> {
        let mut cs = Decoder::<M>::new(Endpoint::ChargePoint);
        lines
            .iter()
            .map(|l| {
                let d = cs
                    .decode(&l.frame)
                    .unwrap_or_else(|e| panic!("{}: {e}", l.frame));
                assert!(d.deviations.is_empty(), "{:?}", d.deviations);
                assert!(matches!(d.message, Message::Call { .. }));
                let f = chargeshift_ocpp::Frame::parse(&l.frame).unwrap();
                f.action().unwrap().to_owned()
            })
            .collect()
    }

    #[test]
    fn every_2_0_1_frame_validates_and_every_charge_point_moves_and_rolls_back() {
        let (_, p) = planned(options("2.0.1"), 150);
        let fleet = chargeshift_graph::generate::fleet(150);
        let f = frames(&fleet, &p, &UrlKeys::default()).unwrap();
        // deterministic: the same plan gives the same frames
        assert_eq!(frames(&fleet, &p, &UrlKeys::default()).unwrap(), f);
        assert!(f.findings.is_empty(), "{:?}", f.findings);
        assert_eq!(f.phases.len(), p.waves.len() + 1);
        let mut moved = 0;
        for ph in &f.phases {
            let actions = decode_all::<v201::Ocpp201>(&ph.forward);
            let back = decode_all::<v201::Ocpp201>(&ph.rollback);
            assert_eq!(actions.len() % 4, 0);
            for (i, a) in actions.iter().enumerate() {
                let expected = ["SetNetworkProfile", "SetVariables", "ClearCache", "Reset"][i % 4];
                assert_eq!(a, expected);
            }
            assert_eq!(actions, back);
            moved += ph.forward.len() / 4;
            // the phase's charge points, each once, in identity order
            let ids: Vec<&str> = ph
                .forward
                .iter()
                .step_by(4)
                .map(|l| l.identity.as_str())
                .collect();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(ids, sorted);
            let first = &ph.forward[0];
            assert!(first.frame.contains(&format!(
                "\"ocppCsmsUrl\":\"wss://new.example/ocpp/{}\"",
                first.identity
            )));
            assert!(first.frame.contains("\"securityProfile\":3"));
            assert!(first.frame.contains("\"configurationSlot\":2"));
            assert!(first.frame.contains("\"ocppVersion\":\"OCPP20\""));
            assert!(first.frame.contains("\"ocppInterface\":\"Wireless0\""));
            assert!(ph.forward[1].frame.contains("\"attributeValue\":\"2,1\""));
            assert!(ph.forward[3].frame.contains("\"type\":\"OnIdle\""));
            assert!(
                ph.rollback[0]
                    .frame
                    .contains("\"ocppCsmsUrl\":\"wss://old.example/ocpp\"")
            );
            assert!(ph.rollback[0].frame.contains("\"configurationSlot\":1"));
            assert!(ph.rollback[1].frame.contains("\"attributeValue\":\"1,2\""));
            assert!(first.frame.starts_with(&format!("[2,\"m{}-1\",", ph.phase)));
            assert!(
                ph.rollback[0]
                    .frame
                    .starts_with(&format!("[2,\"r{}-1\",", ph.phase))
            );
        }
        assert_eq!(moved, 150);
    }

    #[test]
    fn ocpp_2_1_and_1_6_frames_validate_and_a_missing_key_is_a_finding() {
        let mut o = options("2.1");
        let fleet = chargeshift_graph::generate::fleet(120);
        let vendors: std::collections::BTreeSet<String> = fleet
            .nodes_of_kind(NodeKind::ChargePoint)
            .filter_map(|(ix, _)| fleet.segment_of(ix, "vendor"))
            .collect();
        let vendors: Vec<String> = vendors.into_iter().collect();
        assert!(vendors.len() >= 3, "{vendors:?}");
        // the first vendor speaks 1.6 and has a key, the second speaks 1.6 without a key
        o.version_by_vendor.insert(vendors[0].clone(), "1.6".into());
        o.version_by_vendor
            .insert(vendors[1].clone(), "ocpp1.6".into());
        let keys = UrlKeys::from_csv(
            &format!("vendor,model,key\n{},*,BackendUrl\n", vendors[0]),
            "k.csv",
        )
        .unwrap();
        let (_, p) = planned(o, 120);
        let f = frames(&fleet, &p, &keys).unwrap();
        let vendor_of = |id: &str| {
            fleet
                .segment_of(fleet.find(NodeKind::ChargePoint, id).unwrap(), "vendor")
                .unwrap()
        };
        let mut with_frames = 0;
        let mut v16_lines = Vec::new();
        for ph in &f.phases {
            let (l16, l21): (Vec<FrameLine>, Vec<FrameLine>) = ph
                .forward
                .iter()
                .cloned()
                .partition(|l| vendor_of(&l.identity) == vendors[0]);
            let a16 = decode_all::<v16::Ocpp16>(&l16);
            let a21 = decode_all::<v21::Ocpp21>(&l21);
            assert!(
                a16.chunks(3)
                    .all(|c| c == ["ChangeConfiguration", "ClearCache", "Reset"])
            );
            assert!(
                a21.chunks(4)
                    .all(|c| c == ["SetNetworkProfile", "SetVariables", "ClearCache", "Reset"])
            );
            assert!(l21.iter().all(|l| vendor_of(&l.identity) != vendors[1]));
            assert!(
                l21.iter()
                    .step_by(4)
                    .all(|l| !l.frame.contains("ocppVersion"))
            );
            with_frames += l16.len() / 3 + l21.len() / 4;
            let (r16, _): (Vec<FrameLine>, Vec<FrameLine>) = ph
                .rollback
                .iter()
                .cloned()
                .partition(|l| vendor_of(&l.identity) == vendors[0]);
            decode_all::<v16::Ocpp16>(&r16);
            if let Some(l) = r16.first() {
                assert!(
                    l.frame
                        .contains("{\"key\":\"BackendUrl\",\"value\":\"wss://old.example/ocpp\"}")
                );
            }
            v16_lines.extend(l16);
        }
        assert!(v16_lines[0].frame.contains("\"key\":\"BackendUrl\""));
        assert!(v16_lines[2].frame.contains("\"type\":\"Soft\""));
        // one finding per model of the vendor without a key
        assert!(!f.findings.is_empty());
        let mut listed = 0;
        for finding in &f.findings {
            assert_eq!(finding.code, CutoverCheck::NoUrlKey);
            assert!(
                finding.message.contains(&format!("of {} / ", vendors[1])),
                "{}",
                finding.message
            );
            assert!(
                finding
                    .assets
                    .iter()
                    .all(|a| vendor_of(&a.id) == vendors[1])
            );
            listed += finding.assets.len();
        }
        // nothing is dropped silently: with frames + in a finding = every charge point
        assert_eq!(with_frames + listed, 120);
    }

    #[test]
    fn a_tag_that_is_no_version_and_a_url_too_long_are_findings() {
        let mut fleet = chargeshift_graph::generate::fleet(30);
        let (cp, _) = fleet.nodes_of_kind(NodeKind::ChargePoint).next().unwrap();
        let id = fleet.id(cp).to_owned();
        if let Some(chargeshift_graph::NodeDataMut::ChargePoint(d)) = fleet.node_data_mut(cp) {
            d.segments.insert("ocpp_version".into(), "1.5".into());
        }
        let mut o = options("2.0.1");
        o.new.url = format!("wss://{}", "x".repeat(3000));
        let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
        r.ocpp = Some(o);
        let p = plan(&fleet, &r).unwrap();
        let f = frames(&fleet, &p, &UrlKeys::default()).unwrap();
        let codes: Vec<CutoverCheck> = f.findings.iter().map(|x| x.code).collect();
        assert_eq!(
            codes,
            [CutoverCheck::UnknownOcppVersion, CutoverCheck::InvalidFrame]
        );
        assert_eq!(
            f.findings[0].assets,
            [AssetId::new(NodeKind::ChargePoint, &id)]
        );
        assert_eq!(f.findings[1].assets.len(), 29);
        assert!(
            f.phases
                .iter()
                .all(|p| p.forward.is_empty() && p.rollback.is_empty())
        );
    }

    #[test]
    fn url_key_files_are_checked_with_their_line() {
        let e = UrlKeys::from_csv("vendor,key\nA,B\n", "k.csv").unwrap_err();
        assert!(e.to_string().starts_with("k.csv:1: "), "{e}");
        let e = UrlKeys::from_csv("vendor,model,key\n# c\nA,*,K\na,*,L\n", "k.csv").unwrap_err();
        assert!(e.to_string().starts_with("k.csv:4: "), "{e}");
        let e = UrlKeys::from_csv("vendor,model,key\nA,,K\n", "k.csv").unwrap_err();
        assert!(e.to_string().contains("must not be empty"), "{e}");
        let e = UrlKeys::from_csv(
            &format!("vendor,model,key\nA,*,{}\n", "K".repeat(51)),
            "k.csv",
        )
        .unwrap_err();
        assert!(e.to_string().contains("over 50"), "{e}");
        let e = UrlKeys::from_csv("vendor,model,key\nA,*\n", "k.csv").unwrap_err();
        assert!(e.to_string().starts_with("k.csv:2: "), "{e}");
    }

    #[test]
    fn a_request_without_ocpp_endpoints_is_refused() {
        let fleet = chargeshift_graph::generate::fleet(10);
        let p = plan(&fleet, &CutoverRequest::new("2026-03-02".parse().unwrap())).unwrap();
        assert_eq!(
            frames(&fleet, &p, &UrlKeys::default()),
            Err(CutoverError::MissingOcpp)
        );
    }
}

// a build without an OCPP version: its charge points get no frames and a finding naming the feature
#[cfg(test)]
#[cfg(not(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21")))]
mod not_compiled_tests {
    use super::*;
    use crate::cutover::{CutoverRequest, plan};

    #[test]
    fn a_version_compiled_out_is_a_finding() {
        let off = [
            (OcppVersion::V16, cfg!(feature = "ocpp-v16")),
            (OcppVersion::V201, cfg!(feature = "ocpp-v201")),
            (OcppVersion::V21, cfg!(feature = "ocpp-v21")),
        ];
        for (version, _) in off.into_iter().filter(|(_, on)| !on) {
            let fleet = chargeshift_graph::generate::fleet(100);
            let mut request = CutoverRequest::new("2026-03-02".parse().unwrap());
            request.ocpp = Some(OcppOptions {
                old: BackOfficeEndpoint {
                    url: "wss://old.example/ocpp".into(),
                    security_profile: 2,
                    slot: 1,
                },
                new: BackOfficeEndpoint {
                    url: "wss://new.example/ocpp".into(),
                    security_profile: 2,
                    slot: 2,
                },
                // no charge point has this tag: every one is of the default version
                version_tag: "no-such-tag".into(),
                version_by_vendor: BTreeMap::new(),
                default_version: version.subprotocol().into(),
                message_timeout: 30,
                interface: NetworkInterface::Wired0,
            });
            let p = plan(&fleet, &request).unwrap();
            let f = frames(&fleet, &p, &UrlKeys::default()).unwrap();
            assert!(
                f.phases
                    .iter()
                    .all(|ph| ph.forward.is_empty() && ph.rollback.is_empty())
            );
            assert_eq!(f.findings.len(), 1, "{:?}", f.findings);
            let finding = &f.findings[0];
            assert_eq!(finding.code, CutoverCheck::UnknownOcppVersion);
            let feature = format!("cargo feature `ocpp-{}`", version.cargo_feature());
            assert!(finding.message.contains(&feature), "{}", finding.message);
        }
    }
}
