//! A deterministic, seeded generator of realistic synthetic fleets at any scale.
//!
//! The shape follows what an operator's back office holds: a provider with regional user groups,
//! a user group for home charging and one for business customers, and sub-providers with their
//! own tree; public sites with many charge points (sizes skewed: most sites are small, a few are
//! large and marked `criticality = high`), home chargers with one customer and a Home charge
//! group, companies with many cards, private charge groups of skewed sizes shared by several
//! sites, drivers with one or two cards, detached cards, and a parameter set owned by one region
//! only (so a charge point using it lacks its parameter set in the other regions).
//!
//! About 6.9 nodes and 7 connections (14 links with ownership) per charge point: 1M charge
//! points give about 6.9M nodes.
//!
//! With [`FleetSpec::messy`] it also writes the problems real exports have (dangling references,
//! duplicate ids, a card on two customers, a cycle in the user-group tree, a charge point in a
//! charge group of another provider, empty fields), about one of each per thousand charge points.

use std::collections::BTreeMap;

use crate::document::{
    CardCustomer, ChargeCardRecord, ChargeGroupRecord, ChargeGroupTariff, ChargePointChargeGroup,
    ChargePointLocation, ChargePointParameterSet, ChargePointRecord, CustomerChargeGroup,
    CustomerChargePoint, CustomerRecord, Document, LocationRecord, NamedRecord, UserGroupRecord,
};
use crate::fleet::Fleet;
use crate::import::{self, ImportError, Imported, Mode, Origins};
use crate::model::{CardStatus, ChargeGroupType};

/// What to generate.
///
/// ```
/// let spec = chargeshift_graph::generate::FleetSpec::new(100);
/// assert_eq!((spec.charge_points, spec.sub_providers, spec.messy), (100, 1, false));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetSpec {
    /// Number of charge points (every other count follows from it).
    pub charge_points: usize,
    /// The seed: the same spec gives the same fleet.
    pub seed: u64,
    /// Number of sub-providers under the main provider (each gets about 10% / n of the fleet).
    pub sub_providers: usize,
    /// Also write the problems of real exports.
    pub messy: bool,
}

impl FleetSpec {
    /// `charge_points` charge points, seed 1, one sub-provider, clean.
    #[must_use]
    pub fn new(charge_points: usize) -> FleetSpec {
        FleetSpec {
            charge_points,
            seed: 1,
            sub_providers: 1,
            messy: false,
        }
    }

    /// This spec with another seed.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::generate::FleetSpec::new(1).seed(9).seed, 9);
    /// ```
    #[must_use]
    pub fn seed(mut self, seed: u64) -> FleetSpec {
        self.seed = seed;
        self
    }

    /// This spec with the problems of real exports.
    ///
    /// ```
    /// assert!(chargeshift_graph::generate::FleetSpec::new(1).messy().messy);
    /// ```
    #[must_use]
    pub fn messy(mut self) -> FleetSpec {
        self.messy = true;
        self
    }
}

/// A SplitMix64 generator: tiny, fast and good enough for synthetic data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let n64 = u64::try_from(n).unwrap_or(u64::MAX).max(1);
        usize::try_from(self.next_u64() % n64).unwrap_or(0)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

struct Model {
    vendor: &'static str,
    model: &'static str,
    firmware: &'static [&'static str],
    evses: u16,
    connectors: u16,
    home: bool,
    public: bool,
}

const MODELS: &[Model] = &[
    Model {
        vendor: "Alfen",
        model: "Eve Single Pro-line",
        firmware: &["4.14.3", "5.1.2", "6.2.0"],
        evses: 1,
        connectors: 1,
        home: true,
        public: true,
    },
    Model {
        vendor: "Alfen",
        model: "Eve Double Pro-line",
        firmware: &["4.14.3", "5.1.2"],
        evses: 2,
        connectors: 2,
        home: false,
        public: true,
    },
    Model {
        vendor: "ABB",
        model: "Terra AC W22",
        firmware: &["1.6.8", "1.7.2"],
        evses: 1,
        connectors: 1,
        home: true,
        public: true,
    },
    Model {
        vendor: "ABB",
        model: "Terra 54",
        firmware: &["1.3.5"],
        evses: 1,
        connectors: 2,
        home: false,
        public: true,
    },
    Model {
        vendor: "Wallbox",
        model: "Pulsar Plus",
        firmware: &["5.17.0", "6.1.13"],
        evses: 1,
        connectors: 1,
        home: true,
        public: false,
    },
    Model {
        vendor: "Easee",
        model: "Home",
        firmware: &["2.1.1"],
        evses: 1,
        connectors: 1,
        home: true,
        public: false,
    },
    Model {
        vendor: "Zaptec",
        model: "Go",
        firmware: &["1.4.0", "1.5.2"],
        evses: 1,
        connectors: 1,
        home: true,
        public: false,
    },
    Model {
        vendor: "Ecotap",
        model: "EVC 2.0",
        firmware: &["3.1"],
        evses: 2,
        connectors: 2,
        home: false,
        public: true,
    },
    Model {
        vendor: "Kempower",
        model: "S-Series",
        firmware: &["1.29"],
        evses: 2,
        connectors: 4,
        home: false,
        public: true,
    },
    Model {
        vendor: "EVBox",
        model: "BusinessLine",
        firmware: &["4.5.12", "5.0.1"],
        evses: 2,
        connectors: 2,
        home: false,
        public: true,
    },
];

const CITIES: &[(&str, f64, f64)] = &[
    ("Amsterdam", 52.37, 4.90),
    ("Rotterdam", 51.92, 4.48),
    ("Utrecht", 52.09, 5.12),
    ("Den Haag", 52.08, 4.30),
    ("Eindhoven", 51.44, 5.47),
    ("Groningen", 53.22, 6.57),
    ("Arnhem", 51.98, 5.91),
    ("Zwolle", 52.52, 6.08),
    ("Antwerpen", 51.22, 4.40),
    ("Gent", 51.05, 3.72),
];

const STREETS: &[&str] = &[
    "Stationsplein",
    "Kerkstraat",
    "Dorpsstraat",
    "Marktplein",
    "Industrieweg",
    "Parkweg",
    "Schoolstraat",
    "Molenweg",
    "Havenkade",
    "Julianalaan",
];

const FIRST: &[&str] = &[
    "Anna", "Bram", "Daan", "Emma", "Fenna", "Jan", "Lotte", "Noah", "Sanne", "Tim",
];
const LAST: &[&str] = &[
    "de Jong", "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos",
    "Peters",
];
const COMPANIES: &[&str] = &[
    "Logistics",
    "Facilities",
    "Installations",
    "Consulting",
    "Foods",
    "Transport",
];

/// `x` rounded down to a `usize` (0 for negative or NaN, saturating).
#[expect(
    clippy::cast_possible_truncation,
    reason = "saturating float to int is what we want"
)]
fn floor(x: f64) -> usize {
    x as usize
}

/// One provider's tree in the generated fleet.
struct Tenant {
    provider: String,
    regions: Vec<String>,
    home: String,
    business: String,
    models_ps: BTreeMap<(&'static str, &'static str), String>,
    special_ps: String,
}

struct Gen {
    rng: Rng,
    doc: Document,
    next: usize,
}

impl Gen {
    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{:07}", self.next)
    }

    fn ug(&mut self, id: &str, name: &str, parent: Option<&str>, is_provider: bool) {
        self.doc.user_groups.push(UserGroupRecord {
            id: id.to_owned(),
            name: Some(name.to_owned()),
            parent: parent.map(str::to_owned),
            is_provider,
        });
    }

    fn named(&mut self, tariff: bool, id: &str, ug: &str, name: &str) {
        let r = NamedRecord {
            id: id.to_owned(),
            user_group: Some(ug.to_owned()),
            name: Some(name.to_owned()),
        };
        if tariff {
            self.doc.tariffs.push(r);
        } else {
            self.doc.parameter_sets.push(r);
        }
    }

    fn tenant(
        &mut self,
        provider: &str,
        name: &str,
        parent: Option<&str>,
        regions: usize,
    ) -> Tenant {
        self.ug(provider, name, parent, true);
        let regions: Vec<String> = (0..regions)
            .map(|i| {
                let id = format!("{provider}-R{i}");
                let city = CITIES.get(i % CITIES.len()).map_or("Region", |c| c.0);
                self.ug(&id, &format!("{name} {city}"), Some(provider), false);
                id
            })
            .collect();
        let home = format!("{provider}-HOME");
        self.ug(
            &home,
            &format!("{name} home charging"),
            Some(provider),
            false,
        );
        let business = format!("{provider}-BIZ");
        self.ug(
            &business,
            &format!("{name} business"),
            Some(provider),
            false,
        );
        for (t, n) in [
            ("STD", "Standard"),
            ("HOME", "Home"),
            ("BIZ", "Business"),
            ("PREPAID", "Prepaid"),
        ] {
            self.named(
                true,
                &format!("{provider}-T-{t}"),
                provider,
                &format!("{name} {n}"),
            );
        }
        let mut models_ps = BTreeMap::new();
        for m in MODELS {
            let id = format!("{provider}-PS-{}-{}", m.vendor, m.model).replace(' ', "_");
            self.named(
                false,
                &id,
                provider,
                &format!("{} {} default", m.vendor, m.model),
            );
            models_ps.insert((m.vendor, m.model), id);
        }
        let r0 = regions
            .first()
            .cloned()
            .unwrap_or_else(|| provider.to_owned());
        let special_ps = format!("{r0}-PS-LOADBALANCED");
        self.named(false, &special_ps, &r0, "Load balanced (this region only)");
        Tenant {
            provider: provider.to_owned(),
            regions,
            home,
            business,
            models_ps,
            special_ps,
        }
    }

    fn model(&mut self, home: bool) -> &'static Model {
        let pool: Vec<&'static Model> = MODELS
            .iter()
            .filter(|m| if home { m.home } else { m.public })
            .collect();
        pool.get(self.rng.below(pool.len()))
            .copied()
            .unwrap_or(&MODELS[0])
    }

    fn location(&mut self, ug: &str, name: String) -> String {
        let id = self.id("LOC");
        let (city, lat, lon) = *self.rng.pick(CITIES).unwrap_or(&("Utrecht", 52.09, 5.12));
        let street = *self.rng.pick(STREETS).unwrap_or(&"Kerkstraat");
        let number = 1 + self.rng.below(200);
        self.doc.locations.push(LocationRecord {
            id: id.clone(),
            user_group: Some(ug.to_owned()),
            name: Some(name),
            address: Some(format!("{street} {number}")),
            city: Some(city.to_owned()),
            country: Some(
                if lon < 4.45 && lat < 51.3 || city == "Antwerpen" {
                    "BE"
                } else {
                    "NL"
                }
                .to_owned(),
            ),
            latitude: Some(lat + (self.rng.unit() - 0.5) * 0.1),
            longitude: Some(lon + (self.rng.unit() - 0.5) * 0.1),
        });
        id
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "a private helper with named call sites"
    )]
    fn charge_point(
        &mut self,
        t: &Tenant,
        ug: &str,
        home: bool,
        loc: &str,
        criticality: &str,
        site: &str,
        special: bool,
    ) -> String {
        let id = self.id(if home { "HC" } else { "CP" });
        let m = self.model(home);
        let fw = *self.rng.pick(m.firmware).unwrap_or(&"1.0");
        let mut segments = BTreeMap::new();
        segments.insert("criticality".to_owned(), criticality.to_owned());
        segments.insert("site".to_owned(), site.to_owned());
        self.doc.charge_points.push(ChargePointRecord {
            id: id.clone(),
            user_group: Some(ug.to_owned()),
            vendor: Some(m.vendor.to_owned()),
            model: Some(m.model.to_owned()),
            firmware: Some(fw.to_owned()),
            serial: Some(format!(
                "{}{:08}",
                m.vendor.chars().take(2).collect::<String>().to_uppercase(),
                self.rng.below(100_000_000)
            )),
            evse_count: m.evses,
            connector_count: m.connectors,
            segments,
        });
        let ps = if special {
            t.special_ps.clone()
        } else {
            t.models_ps
                .get(&(m.vendor, m.model))
                .cloned()
                .unwrap_or_default()
        };
        let l = &mut self.doc.links;
        l.charge_point_location.push(ChargePointLocation {
            charge_point: id.clone(),
            location: loc.to_owned(),
        });
        l.charge_point_parameter_set.push(ChargePointParameterSet {
            charge_point: id.clone(),
            parameter_set: ps,
        });
        id
    }

    fn charge_group(
        &mut self,
        ug: &str,
        name: String,
        group_type: ChargeGroupType,
        all: bool,
        roaming: bool,
        tariff: String,
    ) -> String {
        let id = self.id("CG");
        self.doc.charge_groups.push(ChargeGroupRecord {
            id: id.clone(),
            user_group: Some(ug.to_owned()),
            name: Some(name),
            group_type,
            all_customers: all,
            roaming,
        });
        self.doc.links.charge_group_tariff.push(ChargeGroupTariff {
            charge_group: id.clone(),
            tariff,
        });
        id
    }

    fn customer(&mut self, ug: &str, name: String) -> String {
        let id = self.id("CU");
        self.doc.customers.push(CustomerRecord {
            id: id.clone(),
            user_group: Some(ug.to_owned()),
            name: Some(name),
        });
        id
    }

    fn person(&mut self) -> String {
        let f = *self.rng.pick(FIRST).unwrap_or(&"Jan");
        let l = *self.rng.pick(LAST).unwrap_or(&"Jansen");
        format!("{f} {l}")
    }

    fn card(&mut self, ug: &str, customer: Option<&str>) -> String {
        let id = format!("{:014X}", self.rng.next_u64() >> 8);
        let id = format!("{id}{:07}", {
            self.next += 1;
            self.next
        });
        let u = self.rng.unit();
        let status = if u < 0.92 {
            CardStatus::Active
        } else if u < 0.96 {
            CardStatus::Blocked
        } else if u < 0.99 {
            CardStatus::Expired
        } else {
            CardStatus::Inactive
        };
        let contract = customer.map(|_| format!("NL-CSE-C{:08}", self.next));
        self.doc.charge_cards.push(ChargeCardRecord {
            id: id.clone(),
            user_group: Some(ug.to_owned()),
            status,
            contract_id: contract,
            group_id: None,
        });
        if let Some(c) = customer {
            self.doc.links.card_customer.push(CardCustomer {
                card: id.clone(),
                customer: c.to_owned(),
            });
        }
        id
    }

    /// The fleet of one tenant with `n` charge points.
    fn populate(&mut self, t: &Tenant, n: usize) {
        let homes = n * 35 / 100;
        let mut placed = 0;
        // home chargers: one customer, a Home charge group, one or two cards
        for _ in 0..homes {
            let who = self.person();
            let loc = self.location(&t.home, format!("Home {who}"));
            let cp = self.charge_point(t, &t.home, true, &loc, "low", &loc, false);
            let cu = self.customer(&t.home, who.clone());
            let cg = self.charge_group(
                &t.home,
                format!("Home {who}"),
                ChargeGroupType::Home,
                false,
                false,
                format!("{}-T-HOME", t.provider),
            );
            let l = &mut self.doc.links;
            l.charge_point_charge_group.push(ChargePointChargeGroup {
                charge_point: cp.clone(),
                charge_group: cg.clone(),
            });
            l.customer_charge_group.push(CustomerChargeGroup {
                customer: cu.clone(),
                charge_group: cg,
                tariff: None,
            });
            l.customer_charge_point.push(CustomerChargePoint {
                customer: cu.clone(),
                charge_point: cp,
            });
            for _ in 0..(1 + usize::from(self.rng.chance(0.5))) {
                self.card(&t.home, Some(&cu));
            }
            placed += 1;
        }
        // public and company sites, sizes skewed
        let mut private_groups: Vec<String> = Vec::new();
        let mut site_no = 0;
        while placed < n {
            site_no += 1;
            let u = self.rng.unit();
            let size = (2 + floor(30.0 * u * u * u)).min(n - placed);
            let region = self
                .rng
                .pick(&t.regions)
                .cloned()
                .unwrap_or_else(|| t.provider.clone());
            let criticality = if size >= 15 {
                "high"
            } else if size >= 6 {
                "medium"
            } else {
                "low"
            };
            let loc = self.location(&region, format!("Site {site_no}"));
            let public = self.rng.chance(0.7);
            let group = if public {
                self.charge_group(
                    &region,
                    format!("Public site {site_no}"),
                    ChargeGroupType::Other,
                    true,
                    true,
                    format!("{}-T-STD", t.provider),
                )
            } else if !private_groups.is_empty() && self.rng.chance(0.4) {
                // a shared private group over several sites
                self.rng.pick(&private_groups).cloned().unwrap_or_default()
            } else {
                let g = self.charge_group(
                    &region,
                    format!("Private site {site_no}"),
                    ChargeGroupType::Other,
                    false,
                    false,
                    format!("{}-T-BIZ", t.provider),
                );
                private_groups.push(g.clone());
                g
            };
            let special = region.ends_with("-R0") && self.rng.chance(0.3);
            for _ in 0..size {
                let cp = self.charge_point(t, &region, false, &loc, criticality, &loc, special);
                self.doc
                    .links
                    .charge_point_charge_group
                    .push(ChargePointChargeGroup {
                        charge_point: cp,
                        charge_group: group.clone(),
                    });
            }
            placed += size;
        }
        // companies with many cards, in one to three private groups
        for i in 0..(n / 2000).max(1) {
            let name = format!(
                "{} {}",
                self.rng.pick(LAST).copied().unwrap_or("Bos"),
                COMPANIES.get(i % COMPANIES.len()).copied().unwrap_or("BV")
            );
            let cu = self.customer(&t.business, name);
            let cards = 10 + floor(190.0 * self.rng.unit().powi(2));
            for _ in 0..cards {
                self.card(&t.business, Some(&cu));
            }
            for _ in 0..(1 + self.rng.below(3)) {
                if let Some(g) = self.rng.pick(&private_groups).cloned() {
                    self.link_customer_group(&cu, &g, Some(format!("{}-T-BIZ", t.provider)));
                }
            }
        }
        // drivers: one or two cards; some are given access to private groups
        for _ in 0..(n * 18 / 10) {
            let region = self
                .rng
                .pick(&t.regions)
                .cloned()
                .unwrap_or_else(|| t.provider.clone());
            let who = self.person();
            let cu = self.customer(&region, who);
            for _ in 0..(1 + usize::from(self.rng.chance(0.3))) {
                self.card(&region, Some(&cu));
            }
            if !private_groups.is_empty() && self.rng.chance(0.08) {
                // skewed: low-numbered groups get most customers
                let u = self.rng.unit();
                let k = floor(u * u * u * private_groups.len() as f64);
                if let Some(g) = private_groups.get(k).cloned() {
                    let tariff = self
                        .rng
                        .chance(0.2)
                        .then(|| format!("{}-T-PREPAID", t.provider));
                    self.link_customer_group(&cu, &g, tariff);
                }
            }
        }
        // detached cards
        for _ in 0..(n / 20).max(2) {
            let region = self
                .rng
                .pick(&t.regions)
                .cloned()
                .unwrap_or_else(|| t.provider.clone());
            self.card(&region, None);
        }
    }

    fn link_customer_group(&mut self, cu: &str, g: &str, tariff: Option<String>) {
        let l = &mut self.doc.links.customer_charge_group;
        if !l
            .iter()
            .rev()
            .take(8)
            .any(|r| r.customer == cu && r.charge_group == g)
        {
            l.push(CustomerChargeGroup {
                customer: cu.to_owned(),
                charge_group: g.to_owned(),
                tariff,
            });
        }
    }

    fn mess(&mut self, n: usize, main: &Tenant, sub: Option<&Tenant>) {
        let k = (n / 1000).max(1);
        for i in 0..k {
            // a card naming an unknown user group
            self.card(&format!("UG-GONE-{i}"), None);
            // a duplicate card id
            if let Some(c) = self.rng.pick(&self.doc.charge_cards).cloned() {
                self.doc.charge_cards.push(ChargeCardRecord {
                    status: CardStatus::Blocked,
                    ..c
                });
            }
            // a card on two customers
            let card = self.rng.pick(&self.doc.links.card_customer).cloned();
            let other = self.rng.pick(&self.doc.customers).map(|c| c.id.clone());
            if let (Some(card), Some(other)) = (card, other) {
                self.doc.links.card_customer.push(CardCustomer {
                    card: card.card,
                    customer: other,
                });
            }
            // empty fields
            self.doc.customers.push(CustomerRecord {
                id: format!("CU-NOUG-{i}"),
                user_group: None,
                name: None,
            });
            self.doc.charge_cards.push(ChargeCardRecord {
                id: String::new(),
                user_group: Some(main.home.clone()),
                ..ChargeCardRecord::default()
            });
            // a dangling link end
            if let Some(cp) = self.rng.pick(&self.doc.charge_points).map(|c| c.id.clone()) {
                self.doc
                    .links
                    .charge_point_charge_group
                    .push(ChargePointChargeGroup {
                        charge_point: cp,
                        charge_group: format!("CG-GONE-{i}"),
                    });
            }
            // a charge point of a sub-provider in a charge group of the main provider
            if let Some(sub) = sub {
                let cp = self
                    .doc
                    .charge_points
                    .iter()
                    .find(|c| {
                        c.user_group
                            .as_deref()
                            .is_some_and(|u| u.starts_with(&sub.provider))
                    })
                    .map(|c| c.id.clone());
                let g = self
                    .doc
                    .charge_groups
                    .iter()
                    .find(|g| {
                        g.user_group
                            .as_deref()
                            .is_some_and(|u| u.starts_with(&format!("{}-R", main.provider)))
                    })
                    .map(|g| g.id.clone());
                if let (Some(cp), Some(g)) = (cp, g) {
                    self.doc
                        .links
                        .charge_point_charge_group
                        .push(ChargePointChargeGroup {
                            charge_point: cp,
                            charge_group: g,
                        });
                }
            }
        }
        // a cycle in the user-group tree
        self.ug("UG-LOOP-A", "loop a", Some("UG-LOOP-B"), false);
        self.ug("UG-LOOP-B", "loop b", Some("UG-LOOP-A"), false);
    }
}

/// Generates a fleet document for `spec`. Deterministic: the same spec gives the same document.
///
/// # Complexity
/// O(charge points), about 1.5 µs per charge point.
///
/// # Example
/// ```
/// use chargeshift_graph::generate::{generate, FleetSpec};
/// let a = generate(&FleetSpec::new(200));
/// assert_eq!(a.charge_points.len(), 200);
/// assert_eq!(a, generate(&FleetSpec::new(200)));
/// assert_ne!(a, generate(&FleetSpec::new(200).seed(2)));
/// ```
#[must_use]
pub fn generate(spec: &FleetSpec) -> Document {
    let mut g = Gen {
        rng: Rng(spec.seed ^ 0x05EE_D0FF_1EE7),
        doc: Document::default(),
        next: 0,
    };
    let n = spec.charge_points;
    let regions = (n / 20_000).clamp(2, 50);
    let main = g.tenant("ACME", "Acme Charging", None, regions);
    let subs: Vec<Tenant> = (0..spec.sub_providers)
        .map(|i| {
            let id = format!("ACME-SP{i}");
            g.tenant(
                &id,
                &format!("Partner {i}"),
                Some("ACME"),
                (regions / 4).max(1),
            )
        })
        .collect();
    let sub_share = if subs.is_empty() {
        0
    } else {
        n / 10 / subs.len()
    };
    g.populate(&main, n - sub_share * subs.len());
    for t in &subs {
        g.populate(t, sub_share);
    }
    if spec.messy {
        g.mess(n, &main, subs.first());
    }
    g.doc
}

/// Generates and builds a fleet (leniently when messy; the report holds the planted problems).
///
/// ```
/// use chargeshift_graph::generate::{generate_fleet, FleetSpec};
/// let clean = generate_fleet(&FleetSpec::new(100))?;
/// assert!(clean.report.is_clean());
/// let messy = generate_fleet(&FleetSpec::new(100).messy())?;
/// assert!(!messy.report.is_clean());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn generate_fleet(spec: &FleetSpec) -> Result<Imported, ImportError> {
    let mode = if spec.messy {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    import::build_owned(generate(spec), &Origins::json("<generated>"), mode)
}

/// Generates a clean fleet of `charge_points` charge points with seed 1.
///
/// ```
/// let f = chargeshift_graph::generate::fleet(50);
/// assert_eq!(f.count_by_kind()[&chargeshift_graph::NodeKind::ChargePoint], 50);
/// ```
#[must_use]
pub fn fleet(charge_points: usize) -> Fleet {
    generate_fleet(&FleetSpec::new(charge_points))
        .map(|i| i.fleet)
        .unwrap_or_default()
}
