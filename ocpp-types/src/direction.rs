//! Who sends what: the two ends of an OCPP-J connection and the direction of each action's CALL
//! (the action table of each version, [`crate::Messages::actions`], holds one per action).

/// Who sends the CALL of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Direction {
    /// Only the charge point (charging station) sends it.
    ChargePointToCsms,
    /// Only the CSMS sends it.
    CsmsToChargePoint,
    /// Either side sends it (e.g. `DataTransfer`).
    Both,
}

/// One end of an OCPP-J connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// The charge point (charging station).
    ChargePoint,
    /// The central system (CSMS).
    Csms,
}

impl Endpoint {
    /// The other end.
    #[must_use]
    pub const fn peer(self) -> Self {
        match self {
            Self::ChargePoint => Self::Csms,
            Self::Csms => Self::ChargePoint,
        }
    }
}

impl Direction {
    /// Whether `sender` may send a CALL of an action with this direction.
    ///
    /// ```
    /// use chargeshift_ocpp::{Direction, Endpoint};
    /// assert!(Direction::ChargePointToCsms.allows(Endpoint::ChargePoint));
    /// assert!(!Direction::ChargePointToCsms.allows(Endpoint::Csms));
    /// assert!(Direction::Both.allows(Endpoint::Csms));
    /// ```
    #[must_use]
    pub const fn allows(self, sender: Endpoint) -> bool {
        matches!(
            (self, sender),
            (Self::Both, _)
                | (Self::ChargePointToCsms, Endpoint::ChargePoint)
                | (Self::CsmsToChargePoint, Endpoint::Csms)
        )
    }
}
