//! Safe migration plans for EV-charging fleets.
