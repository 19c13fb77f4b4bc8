// The error classes of the chargeshift package. The WebAssembly module throws instances of these
// (the package's entry point registers them when it loads), so that `instanceof` works; the
// message and the structured fields come from the Rust crates.

/** Every error the package throws for bad input, except a `TypeError` for an argument of the
 * wrong type and a `RangeError` for a number out of range. */
export class ChargeshiftError extends Error {
  constructor(message) {
    super(message);
    this.name = "ChargeshiftError";
  }
}

/** An asset that is not in the fleet: `kind`, `id` and `suggestions` (the ids closest to it). */
export class UnknownAssetError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "UnknownAssetError";
  }
}

/** An export that cannot be imported: `line` and `column` (malformed JSON) and `findings`. */
export class FleetImportError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "FleetImportError";
  }
}

/** A migration request that cannot be planned: `kind`, `id` and `suggestions` for an unknown id. */
export class MigrationRequestError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "MigrationRequestError";
  }
}

/** A cutover request that cannot be planned (an unknown segment key, a limit that is no limit). */
export class CutoverError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "CutoverError";
  }
}

/** An OCPP-J frame that does not decode: `errorCode`, `messageId`, `path` and `callError` (the
 * frame to answer with, or `null` where OCPP-J allows no answer). */
export class OcppFrameError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "OcppFrameError";
  }
}

/** A frame of a `Conversation` for an identity whose connection was never opened. */
export class ConversationError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "ConversationError";
  }
}

/** A reconciliation that cannot run: a row of the id mapping that is wrong (`file`, `line`, `field`). */
export class ReconcileError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "ReconcileError";
  }
}

/** A health report that cannot be made: a log without records, a cutover plan that is not one. */
export class HealthError extends ChargeshiftError {
  constructor(message) {
    super(message);
    this.name = "HealthError";
  }
}
