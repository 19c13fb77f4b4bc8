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

/// An asset the request does not name that the migration concerns: in pull-along mode an asset
/// pulled along from the named ones (the first of each chain of pulls; what it pulls in turn is
/// in [`RawConflict::brings`]), in report-only mode an asset that stays although it is linked to
/// the moving ones.
#[derive(Debug, Clone)]
pub struct RawConflict {
    /// The asset.
    pub asset: NodeIndex,
    /// The named asset that pulls it along and the kind of link, in pull-along mode.
    pub pulled_by: Option<(NodeIndex, LinkKind)>,
    /// Its links to the named assets.
    pub links_to_request: Vec<LinkRef>,
    /// Its other neighbours (over [`PULL`] links) that the request does not name, but a
    /// customer's cards (they hang on it).
    pub others: Vec<NodeIndex>,
    /// What moving it too brings along (itself included); at most [`BRINGS_LISTED`] of them.
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
    /// The assets the request does not name that the migration concerns (see [`RawConflict`]),
    /// sorted by index.
    pub conflicts: Vec<RawConflict>,
    /// Per node index: whether the request names it, with what naming it implies (see
    /// [`named`]).
    pub(crate) named: Vec<bool>,
    /// Per node index: whether it moves (the set form of `moving`).
    pub(crate) marks: Vec<bool>,
}

impl Closure {
    /// Whether `ix` moves.
    #[must_use]
    pub fn moves(&self, ix: NodeIndex) -> bool {
        self.marks.get(ix.index()).copied().unwrap_or(false)
    }

    /// Whether the request names `ix`, directly or as what naming an asset implies (see
    /// [`named`]).
    #[must_use]
    pub fn is_named(&self, ix: NodeIndex) -> bool {
        self.named.get(ix.index()).copied().unwrap_or(false)
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

    // what the request names, with what naming an asset implies
    let named_mark = named(fleet, &resolved.requested, &marks);

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
            let others = outside_neighbours(fleet, asset, &named_mark, Some(&marks));
            let (brings, brings_count) = pull_from(fleet, asset, &marks, policy, &cut_links, &kept);
            conflicts.push(RawConflict {
                asset,
                pulled_by: None,
                links_to_request: links,
                others,
                brings,
                brings_count,
            });
        }
    } else {
        // the first asset of each chain of pulls that leaves what the request names; what each
        // brings is its subtree in the BFS tree (sizes bottom-up, ids listed up to BRINGS_LISTED)
        let mut children: hashbrown::HashMap<NodeIndex, Vec<NodeIndex>> = hashbrown::HashMap::new();
        let mut size: hashbrown::HashMap<NodeIndex, usize> = hashbrown::HashMap::new();
        for &(m, by, _) in &pulled {
            children.entry(by).or_default().push(m);
        }
        for &(m, by, _) in pulled.iter().rev() {
            let own = *size.entry(m).or_insert(1);
            if !is(&named_mark, by) {
                *size.entry(by).or_insert(1) += own;
            }
        }
        let target = resolved.target;
        for &(m, by, kind) in &pulled {
            if is(&named_mark, m) || !is(&named_mark, by) || fleet.user_group_of(m) == Some(target)
            {
                continue;
            }
            let links_to_request: Vec<LinkRef> = fleet
                .links_of(m)
                .filter(|l| PULL.contains(&l.link.kind) && is(&named_mark, l.other(m)))
                .collect();
            let others = outside_neighbours(fleet, m, &named_mark, None);
            // an asset that hangs on named assets only (a site's own charge group, a home
            // charger's location) is what the request implies; another customer never is
            if others.is_empty() && fleet.kind(m) != Some(NodeKind::Customer) {
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
                pulled_by: Some((by, kind)),
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
        named: named_mark,
    }
}

/// The pull-link neighbours of `asset` that the request does not name, but for the cards of a
/// customer (they hang on it), sorted; in report-only mode (`moving` given) the moving ones are
/// left out too.
fn outside_neighbours(
    fleet: &Fleet,
    asset: NodeIndex,
    named: &[bool],
    moving: Option<&[bool]>,
) -> Vec<NodeIndex> {
    let is = |v: &[bool], o: NodeIndex| v.get(o.index()).copied().unwrap_or(false);
    let is_customer = fleet.kind(asset) == Some(NodeKind::Customer);
    let mut out: Vec<NodeIndex> = fleet
        .links_of(asset)
        .filter(|l| PULL.contains(&l.link.kind))
        .filter(|l| !(is_customer && l.link.kind == LinkKind::CardCustomer))
        .map(|l| l.other(asset))
        .filter(|&o| !is(named, o) && !moving.is_some_and(|m| is(m, o)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What moving `asset` too would bring along in pull-along mode (itself included): the assets
/// reachable from it over [`PULL`] links that do not move yet, are not kept behind and are not
/// allowed to be cut. Returns the first [`BRINGS_LISTED`] (sorted) and the count.
///
/// # Complexity
/// O(sum of the degrees of what it brings).
fn pull_from(
    fleet: &Fleet,
    asset: NodeIndex,
    moving: &[bool],
    policy: &Policy,
    cut_links: &HashSet<EdgeIndex>,
    kept: &[bool],
) -> (Vec<NodeIndex>, usize) {
    let is = |v: &[bool], o: NodeIndex| v.get(o.index()).copied().unwrap_or(false);
    let mut seen: HashSet<NodeIndex> = HashSet::from_iter([asset]);
    let mut queue = vec![asset];
    let mut head = 0;
    while let Some(&n) = queue.get(head) {
        head += 1;
        for l in fleet.links_of(n) {
            let m = l.other(n);
            if !PULL.contains(&l.link.kind)
                || is(moving, m)
                || is(kept, m)
                || cut_allowed(policy, cut_links, &l)
            {
                continue;
            }
            if seen.insert(m) {
                queue.push(m);
            }
        }
    }
    let count = queue.len();
    queue.truncate(BRINGS_LISTED);
    queue.sort_unstable();
    (queue, count)
}

/// What a request names: the requested assets and, transitively, what naming an asset implies,
/// as the selectors read it: a customer names its cards, its charge points and its charge groups;
/// a charge group and a location name their charge points; a charge point names its location.
/// Only moving assets are named (a link allowed to be cut, or an asset kept behind, ends it).
/// Another customer of a charge group, or another customer's cards, are never named by
/// implication: moving them is a pull the plan reports.
///
/// # Complexity
/// O(sum of the degrees of the named assets), O(node bound) memory.
fn named(fleet: &Fleet, requested: &[NodeIndex], moving: &[bool]) -> Vec<bool> {
    let is = |v: &[bool], o: NodeIndex| v.get(o.index()).copied().unwrap_or(false);
    let mut named = vec![false; moving.len()];
    let mut queue: Vec<NodeIndex> = Vec::with_capacity(requested.len());
    for &r in requested {
        if let Some(m) = named.get_mut(r.index())
            && !*m
        {
            *m = true;
            queue.push(r);
        }
    }
    let mut head = 0;
    while let Some(&n) = queue.get(head) {
        head += 1;
        let implies: &[LinkKind] = match fleet.kind(n) {
            Some(NodeKind::Customer) => &[
                LinkKind::CardCustomer,
                LinkKind::CustomerChargePoint,
                LinkKind::CustomerChargeGroup,
            ],
            Some(NodeKind::ChargeGroup) => &[LinkKind::ChargePointChargeGroup],
            Some(NodeKind::Location | NodeKind::ChargePoint) => &[LinkKind::ChargePointLocation],
            _ => &[],
        };
        for &k in implies {
            for m in fleet.linked(n, k) {
                if is(moving, m)
                    && let Some(x) = named.get_mut(m.index())
                    && !*x
                {
                    *x = true;
                    queue.push(m);
                }
            }
        }
    }
    named
}
