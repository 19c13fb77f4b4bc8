"""chargeshift: safe migrations of EV-charging fleets.

OCPP-J messages, the fleet as a graph, and migration plans, from the Rust crates of the same name.

>>> import chargeshift
>>> fleet = chargeshift.Fleet.generate(20, seed=7)
>>> fleet.counts()["charge_point"]
20
"""

from chargeshift._native import (
    Conversation,
    Finding,
    Fleet,
    FleetImportError,
    MigrationRequestError,
    OcppFrameError,
    Plan,
    UnknownAssetError,
    __version__,
    check_frame,
    parse_frame,
    plan,
)

__all__ = [
    "Conversation",
    "Finding",
    "Fleet",
    "FleetImportError",
    "MigrationRequestError",
    "OcppFrameError",
    "Plan",
    "UnknownAssetError",
    "__version__",
    "check_frame",
    "parse_frame",
    "plan",
]
