"""chargeshift: safe migrations of EV-charging fleets.

OCPP-J messages, the fleet as a graph, and migration plans, from the Rust crates of the same name.

>>> import chargeshift
>>> fleet = chargeshift.Fleet.generate(20, seed=7)
>>> fleet.counts()["charge_point"]
20
"""

from chargeshift._errors import (
    ChargeshiftError,
    FleetFileError,
    FleetFileNotFoundError,
    FleetImportError,
    FleetIsADirectoryError,
    FleetNotADirectoryError,
    FleetPermissionError,
    MigrationRequestError,
    OcppFrameError,
    UnknownAssetError,
)
from chargeshift._native import (
    Conversation,
    Finding,
    Fleet,
    Plan,
    Table,
    __version__,
    check_frame,
    check_frames,
    parse_frame,
    plan,
)

# cutover, health and reconciliation (issue 16, part B)
from chargeshift._native import (
    CutoverError,
    CutoverPlan,
    HealthError,
    HealthAnalysis,
    ReconcileError,
    Reconciliation,
    cutover,
)
from chargeshift._inputs import convert_log, health, reconcile

#: the name of the naming table (`planCutover` in JavaScript); `cutover` is the same function
plan_cutover = cutover

__all__ = [
    "ChargeshiftError",
    "Conversation",
    "Finding",
    "Fleet",
    "FleetFileError",
    "FleetFileNotFoundError",
    "FleetImportError",
    "FleetIsADirectoryError",
    "FleetNotADirectoryError",
    "FleetPermissionError",
    "MigrationRequestError",
    "OcppFrameError",
    "Plan",
    "Table",
    "UnknownAssetError",
    "__version__",
    "check_frame",
    "check_frames",
    "parse_frame",
    "plan",
    # issue 16, part B
    "CutoverError",
    "CutoverPlan",
    "HealthError",
    "HealthAnalysis",
    "ReconcileError",
    "Reconciliation",
    "convert_log",
    "cutover",
    "health",
    "plan_cutover",
    "reconcile",
]
