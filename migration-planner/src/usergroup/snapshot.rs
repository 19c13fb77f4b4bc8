//! The preparation snapshot: every link that touches the migration, before the first step, as
//! CSV files in the shape of the platform's reports "01. CPO Data" (charge point–location,
//! charge point–charge group), "02. eMSP Data" (card–customer) and "04. Customer Data"
//! (customer–charge point, customer–charge group with its customer-specific tariff), so that
//! broken links can be restored.

use std::path::Path;

use chargeshift_graph::{Fleet, LinkKind, LinkKinds, NodeIndex};

/// The snapshot files: (file name, link kind, column names).
pub const FILES: [(&str, LinkKind, [&str; 4]); 5] = [
    (
        "01-cpo-data-charge-point-location.csv",
        LinkKind::ChargePointLocation,
        [
            "charge_point",
            "charge_point_user_group",
            "location",
            "location_user_group",
        ],
    ),
    (
        "01-cpo-data-charge-point-charge-group.csv",
        LinkKind::ChargePointChargeGroup,
        [
            "charge_point",
            "charge_point_user_group",
            "charge_group",
            "charge_group_user_group",
        ],
    ),
    (
        "02-emsp-data-card-customer.csv",
        LinkKind::CardCustomer,
        ["card", "card_user_group", "customer", "customer_user_group"],
    ),
    (
        "04-customer-data-customer-charge-point.csv",
        LinkKind::CustomerChargePoint,
        [
            "customer",
            "customer_user_group",
            "charge_point",
            "charge_point_user_group",
        ],
    ),
    (
        "04-customer-data-customer-charge-group.csv",
        LinkKind::CustomerChargeGroup,
        [
            "customer",
            "customer_user_group",
            "charge_group",
            "charge_group_user_group",
        ],
    ),
];

/// How a person restores a broken link of each kind on the platform, from the report (and the
/// snapshot file) that lists it: (link kind, its name for people, report, snapshot file, what to
/// do).
pub const RESTORE: [(LinkKind, &str, &str, &str, &str); 5] = [
    (
        LinkKind::CardCustomer,
        "card–customer",
        "02. eMSP Data",
        "02-emsp-data-card-customer.csv",
        "find the card's row, which names its customer; open that customer account (**Customers > Search**) and attach the card to it again by its number",
    ),
    (
        LinkKind::CustomerChargePoint,
        "customer–charge point",
        "04. Customer Data",
        "04-customer-data-customer-charge-point.csv",
        "find the charge point's row, which names its customer; open the charge point (**Charge Points > Search**) and set that customer again in **\"Charge point data\"**",
    ),
    (
        LinkKind::CustomerChargeGroup,
        "customer–charge group",
        "04. Customer Data",
        "04-customer-data-customer-charge-group.csv",
        "find the customer's row, which names the charge group (and a customer-specific tariff, if any); open the charge group (**Charge groups > Search**) and add the customer again, with that tariff",
    ),
    (
        LinkKind::ChargePointChargeGroup,
        "charge point–charge group",
        "01. CPO Data",
        "01-cpo-data-charge-point-charge-group.csv",
        "find the charge point's row, which names its charge group; open the charge group (**Charge groups > Search**) and add the charge point again",
    ),
    (
        LinkKind::ChargePointLocation,
        "charge point–location",
        "01. CPO Data",
        "01-cpo-data-charge-point-location.csv",
        "find the charge point's row, which names its location; open the charge point (**Charge Points > Search**) and set that location again in **\"Charge point data\"**",
    ),
];

/// An error writing the snapshot.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The folder already holds a snapshot file: an earlier snapshot is never overwritten.
    #[error(
        "{file} already exists: a snapshot is what broken links are restored from, so an earlier one is never overwritten; write into a new folder"
    )]
    Exists {
        /// The existing file.
        file: String,
    },
    /// A file could not be written.
    #[error("{file}: {message}")]
    Io {
        /// The file.
        file: String,
        /// The system's message.
        message: String,
    },
}

/// The snapshot of the links touching `assets` as `(file name, CSV bytes)`, sorted rows.
///
/// # Complexity
/// O(sum of the degrees of `assets` × log).
///
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, UserGroup};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let files = chargeshift_planner::snapshot::snapshot(&f, &[c]);
/// let (_, emsp) = files.iter().find(|(n, _)| n.starts_with("02")).unwrap();
/// assert_eq!(String::from_utf8_lossy(emsp), "card,card_user_group,customer,customer_user_group\nK1,A,C1,A\n");
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn snapshot(fleet: &Fleet, assets: &[NodeIndex]) -> Vec<(String, Vec<u8>)> {
    let links = fleet.links_touching(assets, LinkKinds::CONNECTIONS);
    let ug = |n: NodeIndex| fleet.user_group_of(n).map_or("", |u| fleet.id(u));
    FILES
        .iter()
        .map(|(name, kind, cols)| {
            let mut rows: Vec<Vec<String>> = links
                .iter()
                .filter(|l| l.link.kind == *kind)
                .map(|l| {
                    let mut r = vec![
                        fleet.id(l.source).to_owned(),
                        ug(l.source).to_owned(),
                        fleet.id(l.target).to_owned(),
                        ug(l.target).to_owned(),
                    ];
                    if *kind == LinkKind::CustomerChargeGroup {
                        r.push(l.link.tariff.map_or("", |t| fleet.id(t)).to_owned());
                    }
                    r
                })
                .collect();
            rows.sort();
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut header: Vec<&str> = cols.to_vec();
            if *kind == LinkKind::CustomerChargeGroup {
                header.push("customer_tariff");
            }
            let _ = w.write_record(&header);
            for r in rows {
                let _ = w.write_record(&r);
            }
            ((*name).to_owned(), w.into_inner().unwrap_or_default())
        })
        .collect()
}

/// Writes [`snapshot`] into folder `dir` (created if missing); returns the paths written.
///
/// A snapshot is the record broken links are restored from, so an earlier one is never
/// overwritten: when any of its files already exists in `dir`, nothing is written. The files are
/// written under temporary names and renamed once all are complete, so a failed write leaves no
/// partial snapshot behind.
///
/// # Errors
/// [`SnapshotError::Exists`] naming a snapshot file already in `dir`; [`SnapshotError::Io`]
/// naming the file that could not be written.
pub fn write_snapshot(
    fleet: &Fleet,
    assets: &[NodeIndex],
    dir: &Path,
) -> Result<Vec<String>, SnapshotError> {
    let io = |path: &Path, e: std::io::Error| SnapshotError::Io {
        file: path.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let files = snapshot(fleet, assets);
    if let Some(existing) = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .find(|p| p.symlink_metadata().is_ok())
    {
        return Err(SnapshotError::Exists {
            file: existing.display().to_string(),
        });
    }
    let partial = |name: &str| dir.join(format!(".{name}.partial"));
    for (i, (name, bytes)) in files.iter().enumerate() {
        if let Err(e) = std::fs::write(partial(name), bytes) {
            for (done, _) in &files[..=i] {
                let _ = std::fs::remove_file(partial(done));
            }
            return Err(io(&dir.join(name), e));
        }
    }
    let mut out = Vec::with_capacity(files.len());
    for (name, _) in &files {
        let path = dir.join(name);
        std::fs::rename(partial(name), &path).map_err(|e| io(&path, e))?;
        out.push(path.display().to_string());
    }
    Ok(out)
}

/// The node indices of a plan's moving set in `fleet`.
#[must_use]
pub fn plan_assets(fleet: &Fleet, plan: &crate::plan::Plan) -> Vec<NodeIndex> {
    plan.assets
        .iter()
        .filter_map(|a| fleet.find(a.kind, &a.id))
        .collect()
}
