//! Who sends what: the two ends of an OCPP-J connection and the direction of each action's CALL
//! (the action table of each version, [`crate::Messages::actions`], holds one per action).

/// Who sends the CALL of an action.
///
/// The schemas do not say; the generator takes each action's direction from the use cases of the
/// OCPP specifications (`ocpp-types/codegen/src/directions.rs`, which names the use case of each
/// action OCPP 2.1 adds and fails on an action it has not decided). For instance 2.1's
/// `NotifyWebPaymentStarted` is sent by the CSMS, which hosts the web payment page and alone knows
/// that a driver started paying, to the station:
///
/// ```
/// use chargeshift_ocpp::{Direction, Messages, v21::Ocpp21};
///
/// let info = Ocpp21::action("NotifyWebPaymentStarted").unwrap();
/// assert_eq!(info.direction, Direction::CsmsToChargePoint);
/// ```
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

/// How a name is spelled where it crosses to another language: `snake_case` (Rust, Python) or
/// `camelCase` (JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum NameCase {
    /// `charge_point`
    #[default]
    Snake,
    /// `chargePoint`
    Camel,
}

/// A name that is not one of the [`Endpoint`]s.
///
/// ```
/// use chargeshift_ocpp::{Endpoint, NameCase};
///
/// let err = Endpoint::from_name("car", NameCase::Camel).unwrap_err();
/// assert_eq!(err.to_string(), r#"unknown sender "car"; expected "chargePoint" or "csms""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown sender {name:?}; expected {:?} or {:?}",
    Endpoint::ChargePoint.name(*.case),
    Endpoint::Csms.name(*.case)
)]
#[non_exhaustive]
pub struct UnknownEndpoint {
    /// The name given.
    pub name: String,
    /// The spelling it was read in.
    pub case: NameCase,
}

impl Endpoint {
    /// Both ends.
    pub const ALL: [Self; 2] = [Self::ChargePoint, Self::Csms];

    /// The end's name: `charge_point` or `csms` ([`NameCase::Snake`]), `chargePoint` or `csms`
    /// ([`NameCase::Camel`]).
    ///
    /// ```
    /// use chargeshift_ocpp::{Endpoint, NameCase};
    ///
    /// assert_eq!(Endpoint::ChargePoint.name(NameCase::Snake), "charge_point");
    /// assert_eq!(Endpoint::ChargePoint.name(NameCase::Camel), "chargePoint");
    /// assert_eq!(Endpoint::Csms.as_str(), "csms");
    /// ```
    #[must_use]
    pub const fn name(self, case: NameCase) -> &'static str {
        match (self, case) {
            (Self::ChargePoint, NameCase::Snake) => "charge_point",
            (Self::ChargePoint, NameCase::Camel) => "chargePoint",
            (Self::Csms, _) => "csms",
        }
    }

    /// The end's `snake_case` name: `charge_point` or `csms`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        self.name(NameCase::Snake)
    }

    /// The end named `name` as [`Endpoint::name`] spells it in `case` (exactly: no other case or
    /// spacing).
    ///
    /// # Errors
    /// [`UnknownEndpoint`] for any other name.
    ///
    /// ```
    /// use chargeshift_ocpp::{Endpoint, NameCase};
    ///
    /// assert_eq!(Endpoint::from_name("chargePoint", NameCase::Camel), Ok(Endpoint::ChargePoint));
    /// assert!(Endpoint::from_name("chargePoint", NameCase::Snake).is_err());
    /// assert_eq!("csms".parse(), Ok(Endpoint::Csms));
    /// ```
    pub fn from_name(name: &str, case: NameCase) -> Result<Self, UnknownEndpoint> {
        Self::ALL
            .into_iter()
            .find(|end| end.name(case) == name)
            .ok_or_else(|| UnknownEndpoint {
                name: name.to_owned(),
                case,
            })
    }

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

impl std::str::FromStr for Endpoint {
    type Err = UnknownEndpoint;

    /// The end named in `snake_case` ([`Endpoint::from_name`] with [`NameCase::Snake`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s, NameCase::Snake)
    }
}

impl std::fmt::Display for Endpoint {
    /// The `snake_case` name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
