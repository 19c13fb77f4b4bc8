//! The closure of a request: what must move with it so that no link ends up split between user
//! groups, and the shared assets (conflicts) found on the way.
//!
//! Links that pull ([`PULL`]): card–customer, customer–charge point, customer–charge group,
//! charge point–charge group, charge point–location. Tariffs and parameter sets are not pulled:
//! they are owned resources, handled by the inheritance and copy rules (see [`crate::rules`]).

use chargeshift_graph::{EdgeIndex, Fleet, LinkKind, LinkKinds, LinkRef, NodeIndex, NodeKind};
use hashbrown::HashSet;
use petgraph::visit::NodeIndexable;

use crate::request::{ClosureMode, Policy, Resolved};

/// The link kinds that pull an asset along.
pub const PULL: [LinkKind; 5] = [
    LinkKind::CardCustomer,
    LinkKind::CustomerChargePoint,
    LinkKind::CustomerChargeGroup,
    LinkKind::ChargePointChargeGroup,
    LinkKind::ChargePointLocation,
];

/// At most this many assets are listed in what a shared asset brings along.
pub const BRINGS_LISTED: usize = 100;

/// [`PULL`] as a set.
#[must_use]
pub fn pull_kinds() -> LinkKinds {
    LinkKinds::of(&PULL)
}

/// Why a link between a moving and a staying asset is not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// The request allows cutting it.
    AllowedCut,
    /// The staying end is kept behind by the request.
    KeptBehind,
    /// Closure mode "report only".
    ReportOnly,
}

/// A shared asset: connected to the requested assets and to assets the request did not name.
#[derive(Debug, Clone)]
pub struct RawConflict {
    /// The shared asset.
    pub asset: NodeIndex,
    /// Its links to the requested side.
    pub links_to_request: Vec<LinkRef>,
    /// Its neighbours outside the request (they stay unless moved too).
    pub others: Vec<NodeIndex>,
    /// What moving it too brings along (itself included), in pull-along mode; at most
    /// [`BRINGS_LISTED`] of them.
    pub brings: Vec<NodeIndex>,
    /// How many assets moving it too brings along (itself included).
    pub brings_count: usize,
}

/// The result of [`closure`].
#[derive(Debug, Clone, Default)]
pub struct Closure {
    /// Every asset that moves (requested and pulled), sorted by index.
    pub moving: Vec<NodeIndex>,
    /// Pulled assets: (asset, the moving asset that pulled it, the link kind), in BFS order.
    pub pulled: Vec<(NodeIndex, NodeIndex, LinkKind)>,
    /// Links of [`PULL`] kinds between a moving and a staying asset, with why they are not
    /// followed, sorted by link index.
    pub boundary: Vec<(LinkRef, Boundary)>,
    /// Shared assets.
    pub conflicts: Vec<RawConflict>,
    /// Per node index: whether it moves (the set form of `moving`).
    pub(crate) marks: Vec<bool>,
}

impl Closure {
    /// Whether `ix` moves.
    #[must_use]
    pub fn moves(&self, ix: NodeIndex) -> bool {
        self.marks.get(ix.index()).copied().unwrap_or(false)
    }
}

/// Whether a link may be cut under `policy` (by kind or as a named link).
pub(crate) fn cut_allowed(policy: &Policy, cut_links: &HashSet<EdgeIndex>, l: &LinkRef) -> bool {
    policy.allow_cut_kinds.contains(&l.link.kind) || cut_links.contains(&l.index)
}

/// Computes the closure of a resolved request.
///
/// # Arguments
/// * `fleet`: the fleet.
/// * `resolved`: the resolved request ([`crate::request::resolve`]).
/// * `policy`: the request's policy (cuts allowed, closure mode, assets kept behind).
///
/// # Returns
/// The moving set, what was pulled and by what, the boundary links (to be cut or left split) and
/// the shared assets. In pull-along mode the moving set is every asset reachable from the request
/// over [`PULL`] links that are not allowed to be cut and do not lead to an asset kept behind. In
/// report-only mode only the requested assets move, plus the cards of moving customers (the
/// platform moves a customer with its attached cards).
///
/// A customer's cards are pulled all or none: "Detach cards" cuts every card of a customer, so the
/// card links count as cuttable only if every card link of that customer may be cut.
///
/// # Complexity
/// O(sum of the degrees of the moving assets + node bound of the graph) time, O(node bound)
/// memory.
///
/// # Example
/// ```
/// use chargeshift_graph::{ChargeCard, ChargeGroup, ChargePoint, Customer, Fleet, LinkKind, UserGroup};
/// use chargeshift_planner::{closure::closure, request::{resolve, MigrationRequest}};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// let cp = f.add_asset("CP1", ChargePoint::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
/// let req = MigrationRequest::to("B").asset(chargeshift_graph::NodeKind::Customer, "C1");
/// let cl = closure(&f, &resolve(&f, &req)?, &req.policy);
/// assert_eq!(cl.moving, vec![c, k, cp]);
/// assert_eq!(cl.pulled.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn closure(fleet: &Fleet, resolved: &Resolved, policy: &Policy) -> Closure {
    let bound = fleet.graph().node_bound();
    let mut marks = vec![false; bound];
    let mut kept = vec![false; bound];
    let mut requested_mark = vec![false; bound];
    for &k in &resolved.keep_behind {
        if let Some(m) = kept.get_mut(k.index()) {
            *m = true;
        }
    }
    let cut_links: HashSet<EdgeIndex> = resolved.cut_links.iter().copied().collect();
    let report_only = policy.closure == ClosureMode::ReportOnly;
    let is = |v: &[bool], ix: NodeIndex| v.get(ix.index()).copied().unwrap_or(false);
    let set = |v: &mut Vec<bool>, ix: NodeIndex| {
        if let Some(m) = v.get_mut(ix.index()) {
            *m = true;
        }
    };

    let mut queue: Vec<NodeIndex> = Vec::with_capacity(resolved.requested.len() * 2);
    for &r in &resolved.requested {
        if !is(&marks, r) {
            set(&mut marks, r);
            set(&mut requested_mark, r);
            queue.push(r);
        }
    }
    // whether every card link of a customer may be cut
    let cards_cuttable = |c: NodeIndex| {
        let mut any = false;
        let all = fleet.links_of_kind(c, LinkKind::CardCustomer).all(|l| {
            any = true;
            cut_allowed(policy, &cut_links, &l)
        });
        any && all
    };
    let mut pulled = Vec::with_capacity(resolved.requested.len());
    let mut head = 0;
    while let Some(&n) = queue.get(head) {
        head += 1;
        let n_kind = fleet.kind(n);
        let n_cards_cuttable = n_kind == Some(NodeKind::Customer) && cards_cuttable(n);
        for l in fleet.links_of(n) {
            if !PULL.contains(&l.link.kind) {
                continue;
            }
            let m = l.other(n);
            if is(&marks, m) {
                continue;
            }
            let allowed =
                if l.link.kind == LinkKind::CardCustomer && n_kind == Some(NodeKind::Customer) {
                    n_cards_cuttable
                } else {
                    cut_allowed(policy, &cut_links, &l)
                };
            // the cards of a moving customer go with it (also move attached cards) unless cut
            let card_of_customer =
                l.link.kind == LinkKind::CardCustomer && n_kind == Some(NodeKind::Customer);
            if allowed || is(&kept, m) || (report_only && !card_of_customer) {
                continue;
            }
            set(&mut marks, m);
            pulled.push((m, n, l.link.kind));
            queue.push(m);
        }
    }
    let mut moving = queue;
    moving.sort_unstable();

    // boundary links
    let mut boundary = Vec::new();
    for &n in &moving {
        let n_cards_cuttable = fleet.kind(n) == Some(NodeKind::Customer) && cards_cuttable(n);
        for l in fleet.links_of(n) {
            if !PULL.contains(&l.link.kind) || is(&marks, l.other(n)) {
                continue;
            }
            let allowed = if l.link.kind == LinkKind::CardCustomer
                && fleet.kind(n) == Some(NodeKind::Customer)
            {
                n_cards_cuttable
            } else {
                cut_allowed(policy, &cut_links, &l)
            };
            let why = if allowed {
                Boundary::AllowedCut
            } else if is(&kept, l.other(n)) {
                Boundary::KeptBehind
            } else {
                Boundary::ReportOnly
            };
            boundary.push((l, why));
        }
    }
    boundary.sort_by_key(|(l, _)| l.index);

    // conflicts
    let mut conflicts = Vec::new();
    if report_only {
        // every staying neighbour reached by a link that is not allowed to be cut
        let mut by_asset: std::collections::BTreeMap<NodeIndex, Vec<LinkRef>> =
            std::collections::BTreeMap::new();
        for (l, why) in &boundary {
            if *why == Boundary::ReportOnly {
                let other = if is(&marks, l.source) {
                    l.target
                } else {
                    l.source
                };
                by_asset.entry(other).or_default().push(*l);
            }
        }
        for (asset, links) in by_asset {
            let others = outside_neighbours(fleet, asset, &requested_mark);
            conflicts.push(RawConflict {
                asset,
                links_to_request: links,
                others,
                brings: vec![asset],
                brings_count: 1,
            });
        }
    } else {
        // pulled assets next to the request that also hold on to assets outside it; what each
        // brings is its subtree in the BFS tree (sizes bottom-up, ids listed up to BRINGS_LISTED)
        let mut children: hashbrown::HashMap<NodeIndex, Vec<NodeIndex>> = hashbrown::HashMap::new();
        let mut size: hashbrown::HashMap<NodeIndex, usize> = hashbrown::HashMap::new();
        for &(m, by, _) in &pulled {
            children.entry(by).or_default().push(m);
        }
        for &(m, by, _) in pulled.iter().rev() {
            let own = *size.entry(m).or_insert(1);
            if !is(&requested_mark, by) {
                *size.entry(by).or_insert(1) += own;
            }
        }
        for &(m, _, _) in &pulled {
            if fleet.kind(m) == Some(NodeKind::ChargeCard) {
                continue;
            }
            let links_to_request: Vec<LinkRef> = fleet
                .links_of(m)
                .filter(|l| PULL.contains(&l.link.kind) && is(&requested_mark, l.other(m)))
                .collect();
            if links_to_request.is_empty() {
                continue;
            }
            let others = outside_neighbours(fleet, m, &requested_mark);
            if others.is_empty() {
                continue;
            }
            let mut brings = vec![m];
            let mut i = 0;
            while let Some(&x) = brings.get(i) {
                i += 1;
                if brings.len() >= BRINGS_LISTED {
                    break;
                }
                if let Some(ch) = children.get(&x) {
                    brings.extend(ch.iter().copied());
                }
            }
            brings.truncate(BRINGS_LISTED);
            brings.sort_unstable();
            conflicts.push(RawConflict {
                asset: m,
                links_to_request,
                others,
                brings,
                brings_count: size.get(&m).copied().unwrap_or(1),
            });
        }
        conflicts.sort_by_key(|c| c.asset);
    }
    Closure {
        moving,
        pulled,
        boundary,
        conflicts,
        marks,
    }
}

/// The pull-link neighbours of `asset` outside the requested set, but for the cards of a
/// customer (they hang on it).
fn outside_neighbours(fleet: &Fleet, asset: NodeIndex, requested: &[bool]) -> Vec<NodeIndex> {
    let is_customer = fleet.kind(asset) == Some(NodeKind::Customer);
    let mut out: Vec<NodeIndex> = fleet
        .links_of(asset)
        .filter(|l| PULL.contains(&l.link.kind))
        .filter(|l| !(is_customer && l.link.kind == LinkKind::CardCustomer))
        .map(|l| l.other(asset))
        .filter(|o| !requested.get(o.index()).copied().unwrap_or(false))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
