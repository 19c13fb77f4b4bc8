"""A fleet as a NetworkX graph and back (networkx is imported only when these are called).

Nodes are `(kind, id)` tuples with the record's fields as typed attributes (`kind`, `id`,
`evse_count` an int, `latitude` a float, `is_provider` a bool, segments flat as `segment.<key>`);
edges carry `link`, the link kind (`card_customer`, ...), and the link's own fields (the
`tariff` of a `customer_charge_group`). With `ownership=True` the edges of ownership
(`user_group`) and of the user-group tree (`parent_group`) are added too; `from_networkx` takes
an asset's owner from its `user_group` edge when the node has no `user_group` attribute, and a
user group's parent from its `parent` attribute. The conversion goes
through the native fleet document, so `from_networkx` imports with the document's rules and
findings.
"""

from __future__ import annotations

import json
from typing import Any, Optional

# the document's record lists and the kind of their nodes
_LISTS = {
    "user_groups": "user_group",
    "customers": "customer",
    "charge_cards": "charge_card",
    "charge_points": "charge_point",
    "locations": "location",
    "charge_groups": "charge_group",
    "tariffs": "tariff",
    "parameter_sets": "parameter_set",
}
_LIST_OF = {kind: name for name, kind in _LISTS.items()}
# the link kinds and the document fields of their two ends, with the kind of each end
_LINKS = {
    "card_customer": (("card", "charge_card"), ("customer", "customer")),
    "customer_charge_point": (("customer", "customer"), ("charge_point", "charge_point")),
    "customer_charge_group": (("customer", "customer"), ("charge_group", "charge_group")),
    "charge_point_charge_group": (("charge_point", "charge_point"), ("charge_group", "charge_group")),
    "charge_point_location": (("charge_point", "charge_point"), ("location", "location")),
    "charge_group_tariff": (("charge_group", "charge_group"), ("tariff", "tariff")),
    "charge_point_parameter_set": (("charge_point", "charge_point"), ("parameter_set", "parameter_set")),
}
_SEGMENT = "segment."


def _networkx() -> Any:
    try:
        import networkx  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("this needs the networkx package: pip install networkx") from e
    return networkx


def to_networkx(fleet: Any, *, ownership: bool = False) -> Any:
    """The fleet as a `networkx.Graph` (see the module's doc)."""
    nx = _networkx()
    doc = fleet.to_dict()
    graph = nx.Graph()
    for name, kind in _LISTS.items():
        for record in doc.get(name, []):
            attrs = {k: v for k, v in record.items() if k != "segments"}
            for key, value in record.get("segments", {}).items():
                attrs[_SEGMENT + key] = value
            attrs["kind"] = kind
            graph.add_node((kind, record["id"]), **attrs)
            if ownership:
                if record.get("user_group") is not None:
                    graph.add_edge((kind, record["id"]), ("user_group", record["user_group"]), link="user_group")
                if kind == "user_group" and record.get("parent") is not None:
                    graph.add_edge((kind, record["id"]), ("user_group", record["parent"]), link="parent_group")
    for link, ((a_field, a_kind), (b_field, b_kind)) in _LINKS.items():
        for record in doc.get("links", {}).get(link, []):
            extra = {k: v for k, v in record.items() if k not in (a_field, b_field)}
            graph.add_edge((a_kind, record[a_field]), (b_kind, record[b_field]), link=link, **extra)
    return graph


def from_networkx(graph: Any, *, strict: Optional[bool] = None) -> Any:
    """A `Fleet` from a graph of the shape of `to_networkx`; a node without a known `kind`, or
    an edge without a known `link` between nodes of the kinds it links, is a `ValueError`
    naming it."""
    from chargeshift._native import Fleet

    doc: dict[str, Any] = {"format": "chargeshift-fleet", "version": 1}
    lists: dict[str, list[dict[str, Any]]] = {name: [] for name in _LISTS}
    kinds: dict[Any, str] = {}
    records: dict[Any, dict[str, Any]] = {}
    for node, attrs in graph.nodes(data=True):
        kind = attrs.get("kind")
        if kind is None and isinstance(node, tuple) and len(node) == 2:
            kind = node[0]
        if kind not in _LIST_OF:
            raise ValueError(f"node {node!r}: unknown kind {kind!r}; expected one of {', '.join(_LIST_OF)}")
        record: dict[str, Any] = {}
        segments: dict[str, Any] = {}
        for key, value in attrs.items():
            if key == "kind":
                continue
            if key.startswith(_SEGMENT):
                if value is not None and value == value:  # not None, not NaN
                    segments[key[len(_SEGMENT):]] = str(value)
            else:
                record[key] = value
        if "id" not in record:
            record["id"] = node[1] if isinstance(node, tuple) and len(node) == 2 else str(node)
        if segments:
            record["segments"] = segments
        kinds[node] = kind
        records[node] = record
        lists[_LIST_OF[kind]].append(record)
    links: dict[str, list[dict[str, Any]]] = {name: [] for name in _LINKS}
    for u, v, attrs in graph.edges(data=True):
        link = attrs.get("link")
        if link == "parent_group":
            continue  # the user groups' `parent` attribute says which end is the parent
        if link == "user_group":
            # an asset's owner, when its record does not name it
            asset, group = (u, v) if kinds[v] == "user_group" else (v, u)
            if kinds[asset] != "user_group" and records[asset].get("user_group") is None:
                records[asset]["user_group"] = records[group]["id"]
            continue
        if link not in _LINKS:
            raise ValueError(f"edge {u!r} - {v!r}: unknown link {link!r}; expected one of {', '.join(_LINKS)}")
        (a_field, a_kind), (b_field, b_kind) = _LINKS[link]
        if (kinds[u], kinds[v]) == (b_kind, a_kind):
            u, v = v, u
        if (kinds[u], kinds[v]) != (a_kind, b_kind):
            raise ValueError(f"edge {u!r} - {v!r}: a {link} link joins a {a_kind} and a {b_kind}")
        entry = {a_field: records[u]["id"], b_field: records[v]["id"]}
        entry.update({k: val for k, val in attrs.items() if k != "link"})
        links[link].append(entry)
    doc.update(lists)
    doc["links"] = links
    return Fleet.from_json(json.dumps(doc), strict=strict)
