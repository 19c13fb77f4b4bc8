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
]
