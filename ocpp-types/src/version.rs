//! The OCPP protocol versions this crate speaks.

use std::fmt;
use std::str::FromStr;

/// An OCPP-J protocol version, as negotiated in the WebSocket subprotocol.
///
/// ```
/// use chargeshift_ocpp::OcppVersion;
///
/// let v: OcppVersion = "ocpp2.0.1".parse().unwrap();
/// assert_eq!(v, OcppVersion::V201);
/// assert_eq!(v.subprotocol(), "ocpp2.0.1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum OcppVersion {
    /// OCPP 1.6J, including the 1.6 security extension messages.
    V16,
    /// OCPP 2.0.1.
    V201,
    /// OCPP 2.1.
    V21,
}

impl OcppVersion {
    /// Every version, oldest first.
    pub const ALL: [Self; 3] = [Self::V16, Self::V201, Self::V21];

    /// The WebSocket subprotocol name (`ocpp1.6`, `ocpp2.0.1`, `ocpp2.1`).
    #[must_use]
    pub const fn subprotocol(self) -> &'static str {
        match self {
            Self::V16 => "ocpp1.6",
            Self::V201 => "ocpp2.0.1",
            Self::V21 => "ocpp2.1",
        }
    }

    /// The name of the version in prose: `OCPP 1.6J`, `OCPP 2.0.1`, `OCPP 2.1`.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::V16 => "OCPP 1.6J",
            Self::V201 => "OCPP 2.0.1",
            Self::V21 => "OCPP 2.1",
        }
    }

    /// The cargo feature of this crate that compiles the version in (`v16`, `v201`, `v21`).
    #[must_use]
    pub const fn cargo_feature(self) -> &'static str {
        match self {
            Self::V16 => "v16",
            Self::V201 => "v201",
            Self::V21 => "v21",
        }
    }

    /// Whether this build has the version's message types, i.e. whether its cargo feature
    /// ([`Self::cargo_feature`]) was on; a frame of a version compiled out is
    /// [`crate::DecodeError::VersionNotCompiled`].
    ///
    /// ```
    /// use chargeshift_ocpp::OcppVersion;
    ///
    /// // the default features compile every version in
    /// assert_eq!(OcppVersion::V21.is_compiled(), cfg!(feature = "v21"));
    /// ```
    #[must_use]
    pub const fn is_compiled(self) -> bool {
        match self {
            Self::V16 => cfg!(feature = "v16"),
            Self::V201 => cfg!(feature = "v201"),
            Self::V21 => cfg!(feature = "v21"),
        }
    }

    /// Whether this version knows the CALLRESULTERROR (5) and SEND (6) message types.
    #[must_use]
    pub const fn has_send_and_call_result_error(self) -> bool {
        matches!(self, Self::V21)
    }
}

impl fmt::Display for OcppVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.subprotocol())
    }
}

/// The text did not name a known OCPP version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown OCPP version {0:?} (expected ocpp1.6, ocpp2.0.1 or ocpp2.1)")]
pub struct UnknownVersion(pub String);

impl FromStr for OcppVersion {
    type Err = UnknownVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().trim_start_matches("ocpp") {
            "1.6" | "1.6j" | "16" => Ok(Self::V16),
            "2.0.1" | "201" => Ok(Self::V201),
            "2.1" | "21" => Ok(Self::V21),
            _ => Err(UnknownVersion(s.to_owned())),
        }
    }
}
