"""The one exception tree of pingtui.

Every error a user can cause or meet carries a plain message (what failed) and a hint (what to
do) and the exit code of the CLI contract. The CLI prints ``message`` and ``hint`` as one or two
lines and exits with ``exit_code``; the TUI shows the same text. Nothing here may contain a
secret: messages are built from names, paths and server error codes only.
"""

from __future__ import annotations

# Exit codes of the command-line contract (see README "Exit codes").
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_FORBIDDEN = 4
EXIT_CANCELLED = 130


class PingTUIError(Exception):
    """Base of every error pingtui reports to a user."""

    exit_code: int = EXIT_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class UsageError(PingTUIError):
    """The command line itself is wrong (bad flag combination, missing argument)."""

    exit_code = EXIT_USAGE


class ConfigError(PingTUIError):
    """The config file can't be read, parsed or validated, or a profile is missing."""


class AuthError(PingTUIError):
    """Not signed on, or sign-on failed: exit code 3."""

    exit_code = EXIT_AUTH


class Cancelled(PingTUIError):
    """The user stopped the operation (Ctrl+C, Cancel)."""

    exit_code = EXIT_CANCELLED


def unexpected_error(error: BaseException) -> str:
    """The one text for a failure that is not a :class:`PingTUIError` (a bug, or a library's
    exception nobody translated): its type and message, registered secrets masked (an
    exception's text can quote a request), cut short. The CLI prints it; the TUI shows it."""
    from pingtui.logsafe import redact

    return f"Unexpected error: {type(error).__name__}: {redact(str(error))[:200]}"


def error_text(error: BaseException) -> str:
    """What failed and what to do, on up to two lines, for any exception."""
    if isinstance(error, PingTUIError):
        return error.message + (f"\n{error.hint}" if error.hint else "")
    return unexpected_error(error)


def as_user_error(error: BaseException, hint: str | None = None) -> PingTUIError:
    """``error`` itself when it is a :class:`PingTUIError`, else one that says it was
    unexpected (with ``hint``): what a screen keeps to show a failed load or sign-on."""
    if isinstance(error, PingTUIError):
        return error
    return PingTUIError(unexpected_error(error), hint)
