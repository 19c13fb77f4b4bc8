"""chargeshift: safe migrations of EV-charging fleets.

OCPP-J messages, the fleet as a graph, and migration plans, from the Rust crates of the same name.
"""

from chargeshift._native import OcppFrameError, __version__, parse_frame

__all__ = ["OcppFrameError", "__version__", "parse_frame"]
