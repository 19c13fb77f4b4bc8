// Types of the chargeshift package's error classes (errors.js).
import type { Finding } from "./chargeshift.js";

/** Every error the package throws for bad input, except a `TypeError` for an argument of the
 * wrong type and a `RangeError` for a number out of range. */
export declare class ChargeshiftError extends Error {
  constructor(message: string);
}
/** An asset that is not in the fleet. */
export declare class UnknownAssetError extends ChargeshiftError {
  /** The asset kind, e.g. "charge_point". */
  readonly kind: string;
  readonly id: string;
  /** The ids of that kind closest to `id`, best first. */
  readonly suggestions: string[];
}
/** An export that cannot be imported. */
export declare class FleetImportError extends ChargeshiftError {
  /** Line and column of malformed JSON, else `null`. */
  readonly line: number | null;
  readonly column: number | null;
  /** Every problem found, with where it is (file, line, record, field). */
  readonly findings: Finding[];
}
/** A migration request that cannot be planned. */
export declare class MigrationRequestError extends ChargeshiftError {
  /** For an unknown id: its kind, the id and the closest ids; else `null`s and `[]`. */
  readonly kind: string | null;
  readonly id: string | null;
  readonly suggestions: string[];
}
/** A cutover request that cannot be planned. */
export declare class CutoverError extends ChargeshiftError {
  /** For an unknown segment key: the key and the closest known one. */
  readonly key?: string;
  readonly suggestions?: string[];
}
/** An OCPP-J frame that does not decode. */
export declare class OcppFrameError extends ChargeshiftError {
  /** The OCPP-J error code, e.g. "FormationViolation" (spelt as the version spells it). */
  readonly errorCode: string;
  /** The frame's message id, when it has one. */
  readonly messageId: string | null;
  /** Where in the payload, e.g. "$.chargePointModel". */
  readonly path?: string | null;
  /** The frame to answer with, or `null` where OCPP-J allows no answer (e.g. to a CALLRESULT). */
  readonly callError?: string | null;
}
/** A frame of a `Conversation` for an identity whose connection was never opened. */
export declare class ConversationError extends ChargeshiftError {}
/** A reconciliation that cannot run: a row of the id mapping that is wrong. */
export declare class ReconcileError extends ChargeshiftError {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}
/** A health report that cannot be made: a log without records, a cutover plan that is not one. */
export declare class HealthError extends ChargeshiftError {}
