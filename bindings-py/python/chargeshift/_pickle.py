"""How pickled chargeshift objects are made again (the callables their `__reduce__` names)."""

from __future__ import annotations

from typing import Any


def finding(text: str) -> Any:
    """The `Finding` of its JSON record."""
    from chargeshift._native import Finding

    return Finding.from_json(text)


def fleet(document: str, findings: list[str]) -> Any:
    """The `Fleet` of its native JSON document and the JSON records of its import findings."""
    from chargeshift._native import Fleet

    return Fleet._from_pickle(document, findings)


def plan(fleet: Any, document: str) -> Any:
    """The `Plan` of `fleet` with the plan JSON `document`."""
    from chargeshift._native import Plan

    return Plan._from_pickle(fleet, document)


def cutover_plan(fleet: Any, document: str) -> Any:
    """The `CutoverPlan` of `fleet` with the cutover plan JSON `document`."""
    from chargeshift._native import CutoverPlan

    return CutoverPlan._from_pickle(fleet, document)


def reconciliation(document: str) -> Any:
    """The `Reconciliation` of its evidence report's JSON `document`."""
    from chargeshift._native import Reconciliation

    return Reconciliation._from_pickle(document)
