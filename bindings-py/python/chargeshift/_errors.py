"""The exceptions of chargeshift, one base and one class per failure.

They are defined here, in Python, so that each can subclass both `ChargeshiftError` and the
built-in exception that fits (a `KeyError` for an unknown id, an `OSError` for a file that
cannot be read), so that tracebacks name them `chargeshift.X` and so that they pickle (the
structured attributes travel with them, e.g. to a `ProcessPoolExecutor`). The native module
raises them; their messages come from the Rust crates.

>>> import pickle, chargeshift
>>> e = chargeshift.UnknownAssetError("no customer with id 'C' in the fleet")
>>> e.kind, e.id, e.suggestions = "customer", "C", ["C1"]
>>> back = pickle.loads(pickle.dumps(e))
>>> type(back).__module__, back.suggestions, isinstance(back, KeyError)
('chargeshift', ['C1'], True)
"""

from __future__ import annotations

import errno as _errno
from typing import Any, Optional


class ChargeshiftError(Exception):
    """The base of every error chargeshift raises: `except chargeshift.ChargeshiftError`."""

    __module__ = "chargeshift"


class OcppFrameError(ChargeshiftError, ValueError):
    """A text that is not a valid OCPP-J frame.

    `error_code` holds the OCPP-J error code to answer with, `message_id` and `path` where it
    is, `call_error` the frame a receiver answers with (or `None`).
    """

    __module__ = "chargeshift"
    error_code: str = "FormationViolation"
    message_id: Optional[str] = None
    path: Optional[str] = None
    call_error: Optional[str] = None


class FleetImportError(ChargeshiftError, ValueError):
    """A fleet export that cannot be imported.

    `findings` lists every problem of the first class found (strict mode), each with file, line
    or record, and field; `line` and `column` are set for malformed JSON; `file` names the file
    or folder when the whole input is at fault (e.g. a folder with none of the CSV bundle's
    files).
    """

    __module__ = "chargeshift"
    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    findings: "tuple[Any, ...] | list[Any]" = ()


class FleetFileError(OSError, FleetImportError):
    """A fleet file or folder that cannot be read or written: an `OSError` (with `errno`,
    `strerror` and `filename`) and a `FleetImportError`."""

    __module__ = "chargeshift"


class FleetFileNotFoundError(FileNotFoundError, FleetFileError):
    """A fleet file or folder that does not exist (a `FileNotFoundError`)."""

    __module__ = "chargeshift"


class FleetNotADirectoryError(NotADirectoryError, FleetFileError):
    """A path given as a folder that is a file (a `NotADirectoryError`)."""

    __module__ = "chargeshift"


class FleetIsADirectoryError(IsADirectoryError, FleetFileError):
    """A path given as a file that is a folder (an `IsADirectoryError`)."""

    __module__ = "chargeshift"


class FleetPermissionError(PermissionError, FleetFileError):
    """A fleet file or folder that may not be read or written (a `PermissionError`)."""

    __module__ = "chargeshift"


class UnknownAssetError(ChargeshiftError, KeyError):
    """No asset (or user group) of that kind has that id.

    `kind`, `id` and `suggestions` (the closest existing ids) say which; a `KeyError`, so
    `except KeyError` catches it.
    """

    __module__ = "chargeshift"
    kind: str = ""
    id: str = ""
    suggestions: "tuple[str, ...] | list[str]" = ()

    def __str__(self) -> str:
        # the message, not KeyError's quoted repr of it
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class MigrationRequestError(ChargeshiftError, ValueError):
    """A migration request that cannot be planned: malformed, or naming an asset or user group
    the fleet does not have. `suggestions` holds the closest existing ids."""

    __module__ = "chargeshift"
    kind: Optional[str] = None
    id: Optional[str] = None
    suggestions: "tuple[str, ...] | list[str]" = ()


class CutoverError(ChargeshiftError, ValueError):
    """A cutover request that cannot be planned: malformed, an unknown segment key (`suggestions`
    holds the closest), a limit that is no limit, a missing or invalid `ocpp` section, a broken
    OCPP 1.6 URL key file. `field`, `value`, `file` and `line` say where when known."""

    __module__ = "chargeshift"
    field: Optional[str] = None
    value: Optional[str] = None
    file: Optional[str] = None
    line: Optional[int] = None
    suggestions: "tuple[str, ...] | list[str]" = ()


class HealthError(ChargeshiftError, ValueError):
    """A health run that cannot be made: a log without any record, an exclusion whose time is not
    RFC 3339, a cutover plan that cannot be read, an unknown log source. `source` names the input
    (a path or `<log>`); bad lines of a log are counted in `HealthAnalysis.bad_lines`, never raised."""

    __module__ = "chargeshift"
    source: Optional[str] = None


class ReconcileError(ChargeshiftError, ValueError):
    """A reconciliation that cannot be made: an id mapping row with a duplicate, an unknown kind or
    ids in neither fleet (`file`, `line`, `field`), a tolerance that is no distance. `side` names
    the back office (`old` or `new`) when one is concerned."""

    __module__ = "chargeshift"
    file: Optional[str] = None
    line: Optional[int] = None
    field: Optional[str] = None
    side: Optional[str] = None


_FILE_ERRORS = {
    _errno.ENOENT: FleetFileNotFoundError,
    _errno.ENOTDIR: FleetNotADirectoryError,
    _errno.EISDIR: FleetIsADirectoryError,
    _errno.EACCES: FleetPermissionError,
    _errno.EPERM: FleetPermissionError,
}


def _file_error(number: int, strerror: str, filename: str) -> FleetFileError:
    """The `FleetFileError` subclass for the system error `number` (used by the native module)."""
    return _FILE_ERRORS.get(number, FleetFileError)(number, strerror, filename)


__all__ = [
    "ChargeshiftError",
    "CutoverError",
    "FleetFileError",
    "FleetFileNotFoundError",
    "FleetImportError",
    "FleetIsADirectoryError",
    "FleetNotADirectoryError",
    "FleetPermissionError",
    "HealthError",
    "MigrationRequestError",
    "OcppFrameError",
    "ReconcileError",
    "UnknownAssetError",
]
