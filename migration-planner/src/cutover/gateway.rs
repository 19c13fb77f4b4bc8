//! The routing of one phase as the configuration of an existing open-source OCPP proxy:
//! [ocpp-2w-proxy](https://github.com/auricgoldfinger/ocpp-2w-proxy), configured in TOML.
//!
//! Why this one: it is an open-source OCPP-J proxy that chargers connect to in front of their
//! back office, with a documented TOML configuration (`config.example.toml` and its use case
//! UC-001 "Configure and run proxy") that is checked on start: an allowlist of chargers
//! (`[[chargers]]`, ids unique, 1–64 letters, digits, `.`, `_`, `-`, at least one), one
//! `[primary]` backend with a `ws://` or `wss://` `url` to which the charger id is appended
//! (`<url>/<id>`) and an `auth` mode (`none`, `basic`, `forward`), passwords only through
//! environment variables, and a `[proxy]` section (`listen`, `port`, `state_dir`).
//!
//! The mapping. The proxy sends every charger it accepts to its one primary backend; it has no
//! per-charger backend. So the routing of a phase is **one proxy instance per back office**:
//!
//! | chargeshift | ocpp-2w-proxy |
//! |---|---|
//! | a back office with charge points in the phase | one configuration file (instance) |
//! | its URL (`ocpp.old.url` / `ocpp.new.url` of the request, a trailing `/{identity}` dropped, since the proxy appends the id) | `[primary] url` |
//! | a routing row (identity → that back office) | a `[[chargers]] id = identity` entry of that file |
//! | — | `[primary] auth = "none"` (set `basic` and `password_env` by hand: passwords never go in the file) |
//! | [`GatewayOptions`] | `[proxy] listen`, `port` (one per instance), `state_dir` (one per instance: the proxy keeps transaction state there) |
//!
//! No `[secondary]` is written: during a cutover a charger talks to one back office, and the
//! proxy's secondary is a second, shadow backend. What sends a charger's connection to the
//! instance of its back office (an ingress routing the `/<id>` path, for instance) is outside
//! the proxy; `routing.csv` holds the same rows for it. A back office without charge points
//! in the phase gets no file (the proxy refuses an empty allowlist). An identity the proxy
//! refuses is left out and reported ([`CutoverCheck::GatewayIdentity`]). Rolling phase `n`
//! back is the configuration of phase `n − 1`.

use chargeshift_graph::{AssetId, Finding, NodeKind, Severity};

use super::{CutoverCheck, CutoverError, CutoverPlan};

/// The `[proxy]` section of the instances.
///
/// ```
/// let o = chargeshift_planner::cutover::gateway::GatewayOptions::default();
/// assert_eq!((o.listen.as_str(), o.first_port, o.state_dir.as_str()), ("0.0.0.0", 8321, "/data"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayOptions {
    /// The address the instances listen on (default `0.0.0.0`).
    pub listen: String,
    /// The port of the old back office's instance; the new one's is the next (default 8321,
    /// the proxy's own default).
    pub first_port: u16,
    /// The folder under which each instance keeps its state, in a folder named after its back
    /// office (default `/data`).
    pub state_dir: String,
}

impl Default for GatewayOptions {
    fn default() -> GatewayOptions {
        GatewayOptions {
            listen: "0.0.0.0".to_owned(),
            first_port: 8321,
            state_dir: "/data".to_owned(),
        }
    }
}

/// The configuration of one proxy instance: the charge points routed to one back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayConfig {
    /// The back office's name.
    pub back_office: String,
    /// A file name for it: `gateway-<phase>-<back office>.toml` (`-rollback` before `.toml`
    /// for a rollback).
    pub file_name: String,
    /// Number of `[[chargers]]` entries.
    pub charge_points: usize,
    /// The TOML text.
    pub toml: String,
}

/// The configurations of one phase, and the charge points left out.
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayExport {
    /// One per back office with charge points: the old one first.
    pub configs: Vec<GatewayConfig>,
    /// Identities the proxy would refuse (errors).
    pub findings: Vec<Finding<CutoverCheck>>,
}

/// Whether the proxy takes `id` as a charger id: 1 to 64 ASCII letters, digits, `.`, `_`, `-`.
///
/// ```
/// use chargeshift_planner::cutover::gateway::valid_charger_id;
/// assert!(valid_charger_id("CP-0001.a_b"));
/// assert!(!valid_charger_id("NL*ABC*E1") && !valid_charger_id(""));
/// ```
#[must_use]
pub fn valid_charger_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The proxy's `[primary] url` for a back office URL: a trailing `/{identity}` dropped.
fn primary_url(field: &'static str, url: &str) -> Result<String, CutoverError> {
    let base = url.strip_suffix("/{identity}").unwrap_or(url);
    if !(base.starts_with("ws://") || base.starts_with("wss://")) || base.contains("{identity}") {
        return Err(CutoverError::InvalidOcpp {
            field,
            value: url.to_owned(),
            reason: "a ws:// or wss:// URL, with {identity} only at its end for the gateway (the proxy appends the charger id)",
        });
    }
    Ok(base.to_owned())
}

/// The ocpp-2w-proxy configurations of `phase` of `plan` (with `rollback`, those that undo
/// it: the routing of `phase − 1`), URLs from `plan.request.ocpp`.
///
/// # Errors
/// [`CutoverError::MissingOcpp`] without an `ocpp` section, [`CutoverError::InvalidOcpp`]
/// for a URL the proxy cannot take, [`CutoverError::InvalidLimit`] for a phase the plan does
/// not have (or the rollback of phase 0).
///
/// # Complexity
/// O(C) for C charge points.
///
/// ```
/// use chargeshift_planner::cutover::{gateway, plan, CutoverRequest};
/// let fleet = chargeshift_graph::generate::fleet(60);
/// let mut request = CutoverRequest::new("2026-03-02".parse().unwrap());
/// request.ocpp = Some(serde_json::from_str(r#"{"old": {"url": "wss://old.example/ocpp", "slot": 1}, "new": {"url": "wss://new.example/ocpp", "slot": 2}}"#).unwrap());
/// let p = plan(&fleet, &request)?;
/// let g = gateway::ocpp_2w_proxy(&p, 1, false, &gateway::GatewayOptions::default())?;
/// assert_eq!(g.configs.len(), 2);
/// assert_eq!(g.configs[1].file_name, "gateway-1-new.toml");
/// assert_eq!(g.configs[1].charge_points, p.pilot.charge_points.len());
/// assert!(g.configs[1].toml.contains("[primary]\nurl = \"wss://new.example/ocpp\"\n"));
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
pub fn ocpp_2w_proxy(
    plan: &CutoverPlan,
    phase: u32,
    rollback: bool,
    options: &GatewayOptions,
) -> Result<GatewayExport, CutoverError> {
    let o = plan
        .request
        .ocpp
        .as_ref()
        .ok_or(CutoverError::MissingOcpp)?;
    let table = &plan.routing;
    if phase > table.last_phase() || (rollback && phase == 0) {
        return Err(CutoverError::InvalidLimit {
            field: "phase",
            value: phase.to_string(),
            reason: if rollback {
                "a phase from 1 to the plan's last (phase 0 has nothing to roll back)"
            } else {
                "a phase from 0 to the plan's last"
            },
        });
    }
    let of = if rollback { phase - 1 } else { phase };
    let rows = table.rows(of);
    let names = &table.back_offices;
    let backs = [
        (
            &names.old,
            primary_url("ocpp.old.url", &o.old.url)?,
            options.first_port,
        ),
        (
            &names.new,
            primary_url("ocpp.new.url", &o.new.url)?,
            options.first_port.saturating_add(1),
        ),
    ];
    let mut refused = Vec::new();
    let mut configs = Vec::new();
    let phase_name = table
        .phases
        .iter()
        .find(|p| p.phase == phase)
        .map_or_else(String::new, |p| p.name.clone());
    for (name, url, port) in backs {
        let mut chargers = String::new();
        let mut n = 0;
        for r in rows.iter().filter(|r| r.back_office == *name) {
            if !valid_charger_id(&r.identity) {
                refused.push(r.identity.clone());
                continue;
            }
            chargers.push_str(&format!(
                "[[chargers]]\nid = {}\n\n",
                toml_string(&r.identity)
            ));
            n += 1;
        }
        if n == 0 {
            continue;
        }
        let what = if rollback {
            format!("the rollback of phase {phase} ({phase_name}): the routing of phase {of}")
        } else {
            format!("phase {phase} ({phase_name})")
        };
        let toml = format!(
            "# ocpp-2w-proxy configuration written by chargeshift: {what}, back office {name:?}.\n\
             # One proxy instance per back office; {n} charger(s) routed to it.\n\
             \n\
             [proxy]\n\
             listen = {listen}\n\
             port = {port}\n\
             state_dir = {state}\n\
             \n\
             {chargers}\
             [primary]\n\
             url = {url}\n\
             auth = \"none\"\n",
            listen = toml_string(&options.listen),
            state = toml_string(&format!(
                "{}/{name}",
                options.state_dir.trim_end_matches('/')
            )),
            url = toml_string(&url),
        );
        let suffix = if rollback { "-rollback" } else { "" };
        configs.push(GatewayConfig {
            back_office: name.clone(),
            file_name: format!("gateway-{phase}-{}{suffix}.toml", file_part(name)),
            charge_points: n,
            toml,
        });
    }
    let mut findings = Vec::new();
    if !refused.is_empty() {
        findings.push(
            Finding::new(
                CutoverCheck::GatewayIdentity,
                Severity::Error,
                format!(
                    "{} charge point identit(y/ies) left out of the ocpp-2w-proxy configuration: it takes 1 to 64 letters, digits, '.', '_' or '-'",
                    refused.len()
                ),
            )
            .with_asset_ids(
                refused
                    .iter()
                    .map(|id| AssetId::new(NodeKind::ChargePoint, id))
                    .collect(),
            ),
        );
    }
    Ok(GatewayExport { configs, findings })
}

/// A back office name as part of a file name: anything but letters, digits, `-`, `_` as `_`.
fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cutover::{CutoverRequest, plan};

    fn planned(n: usize, new_url: &str) -> CutoverPlan {
        let fleet = chargeshift_graph::generate::fleet(n);
        let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
        r.waves.max_charge_points = 40;
        r.back_offices.old = "legacy csms".into();
        r.ocpp = Some(
            serde_json::from_value(serde_json::json!({
                "old": {"url": "wss://old.example/ocpp", "slot": 1},
                "new": {"url": new_url, "slot": 2}
            }))
            .unwrap(),
        );
        plan(&fleet, &r).unwrap()
    }

    /// Checks one file as the proxy's documented configuration rules do, and returns its
    /// charger ids and primary URL.
    fn parse(text: &str) -> (Vec<String>, String) {
        let t: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
        let proxy = t["proxy"].as_table().unwrap();
        assert!(
            proxy["listen"].is_str() && proxy["port"].is_integer() && proxy["state_dir"].is_str()
        );
        let primary = t["primary"].as_table().unwrap();
        let url = primary["url"].as_str().unwrap().to_owned();
        assert!(url.starts_with("ws://") || url.starts_with("wss://"));
        assert_eq!(primary["auth"].as_str(), Some("none"));
        assert!(!t.contains_key("secondary"));
        let chargers = t["chargers"].as_array().unwrap();
        assert!(!chargers.is_empty());
        let ids: Vec<String> = chargers
            .iter()
            .map(|c| {
                let c = c.as_table().unwrap();
                assert_eq!(c.len(), 1);
                c["id"].as_str().unwrap().to_owned()
            })
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(ids.iter().all(|i| valid_charger_id(i)));
        (ids, url)
    }

    #[test]
    fn every_phase_and_rollback_is_one_entry_per_charge_point_with_its_back_office_url() {
        let p = planned(200, "wss://new.example/ocpp/{identity}");
        let urls = [
            ("legacy csms", "wss://old.example/ocpp"),
            ("new", "wss://new.example/ocpp"),
        ];
        for phase in 0..=p.routing.last_phase() {
            for rollback in [false, true] {
                if rollback && phase == 0 {
                    continue;
                }
                let g = ocpp_2w_proxy(&p, phase, rollback, &GatewayOptions::default()).unwrap();
                assert!(g.findings.is_empty());
                let rows = p.routing.rows(if rollback { phase - 1 } else { phase });
                let mut seen = Vec::new();
                for c in &g.configs {
                    let (ids, url) = parse(&c.toml);
                    let expected = urls.iter().find(|u| u.0 == c.back_office).unwrap().1;
                    assert_eq!(url, expected);
                    assert_eq!(ids.len(), c.charge_points);
                    for id in ids {
                        assert_eq!(
                            p.routing.back_office(&id, rows_phase(phase, rollback)),
                            Some(c.back_office.as_str())
                        );
                        seen.push(id);
                    }
                }
                seen.sort_unstable();
                let mut all: Vec<String> =
                    rows.into_iter().map(|r| r.identity.into_string()).collect();
                all.sort_unstable();
                assert_eq!(seen, all, "phase {phase} rollback {rollback}");
            }
        }
        let g = ocpp_2w_proxy(&p, 0, false, &GatewayOptions::default()).unwrap();
        assert_eq!(g.configs.len(), 1, "phase 0 is all old");
        assert_eq!(g.configs[0].file_name, "gateway-0-legacy_csms.toml");
        let last = p.routing.last_phase();
        let g = ocpp_2w_proxy(&p, last, false, &GatewayOptions::default()).unwrap();
        assert_eq!(g.configs.len(), 1, "the last phase is all new");
        assert!(
            g.configs[0]
                .toml
                .contains("port = 8322\nstate_dir = \"/data/new\"\n")
        );
        // the rollback of the last phase is the routing of the one before
        let back = ocpp_2w_proxy(&p, last, true, &GatewayOptions::default()).unwrap();
        let before = ocpp_2w_proxy(&p, last - 1, false, &GatewayOptions::default()).unwrap();
        let strip =
            |e: &GatewayExport| e.configs.iter().map(|c| parse(&c.toml)).collect::<Vec<_>>();
        assert_eq!(strip(&back), strip(&before));
        assert!(
            back.configs
                .iter()
                .all(|c| c.file_name.ends_with("-rollback.toml"))
        );
    }

    fn rows_phase(phase: u32, rollback: bool) -> u32 {
        if rollback { phase - 1 } else { phase }
    }

    #[test]
    fn bad_phases_urls_and_identities_are_refused_or_reported() {
        let p = planned(50, "wss://new.example/ocpp");
        let last = p.routing.last_phase();
        assert!(ocpp_2w_proxy(&p, last + 1, false, &GatewayOptions::default()).is_err());
        assert!(ocpp_2w_proxy(&p, 0, true, &GatewayOptions::default()).is_err());
        let p2 = planned(50, "https://new.example/{identity}/ocpp");
        let e = ocpp_2w_proxy(&p2, 1, false, &GatewayOptions::default()).unwrap_err();
        assert!(e.to_string().contains("ocpp.new.url"), "{e}");
        let mut p3 = p;
        p3.routing.assignments[0].identity = "NL*ACM*E1".into();
        let g = ocpp_2w_proxy(&p3, last, false, &GatewayOptions::default()).unwrap();
        assert_eq!(g.findings.len(), 1);
        assert_eq!(g.findings[0].assets[0].id, "NL*ACM*E1");
        assert_eq!(g.configs[0].charge_points, 49);
        assert_eq!(toml_string("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
    }
}
