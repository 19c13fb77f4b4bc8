//! The options of a [`crate::Decoder`]: leniencies, frame limits, timestamp precision and the
//! bound of the pending-call table.

use crate::datetime::TimestampPrecision;
use crate::framing::FrameOptions;
use crate::validate::Leniency;

/// Options of a [`Decoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// The leniencies allowed (none by default).
    pub leniency: Leniency,
    /// Frame limits.
    pub frame: FrameOptions,
    /// How timestamps are written when encoding.
    pub precision: TimestampPrecision,
    /// The most CALLs awaiting an answer (oldest dropped beyond it); 0 means no limit.
    pub max_pending: usize,
}

impl DecodeOptions {
    /// The options with `leniency`.
    #[must_use]
    pub const fn with_leniency(mut self, leniency: Leniency) -> Self {
        self.leniency = leniency;
        self
    }

    /// The options with timestamps written at `precision`.
    #[must_use]
    pub const fn with_precision(mut self, precision: TimestampPrecision) -> Self {
        self.precision = precision;
        self
    }
}
