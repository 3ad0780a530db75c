"""Sign-on failures, each an :class:`pingtui.errors.AuthError` (exit code 3).

Messages are built from profile names, URLs, ports and OAuth error codes only: never from a
token, code, verifier or secret (server descriptions pass through ``logsafe.redact`` too).
"""

from __future__ import annotations

from pingtui.errors import AuthError


def login_hint(profile_name: str, grant_type: str | None = None) -> str:
    """What to do after a refused sign-on: sign on again — or, for client credentials, which
    have no sign-on step, check the client ID and secret."""
    if grant_type == "client_credentials":
        return (f"Check the client ID and secret: pingtui auth status -P {profile_name} "
                f"(store a new secret with: pingtui init -P {profile_name} "
                "--client-secret-stdin)")
    return f"Run: pingtui auth login -P {profile_name}"


class NotSignedIn(AuthError):
    """No usable token is stored for the profile (and none can be fetched without a person)."""


class SignedOut(AuthError):
    """The server no longer accepts the session (refresh refused, or 401 after a refresh)."""


class SignOnFailed(AuthError):
    """The sign-on service refused or failed a request (an OAuth error or an HTTP error)."""

    def __init__(self, message: str, hint: str | None = None, *,
                 error: str | None = None) -> None:
        super().__init__(message, hint)
        self.error = error
        """The OAuth error code (``invalid_grant``, ``access_denied``...), when there is one."""


class AccessDenied(SignOnFailed):
    """The person (or the policy) declined the sign-on."""


class CodeExpired(SignOnFailed):
    """The device code expired before anyone approved it."""


class SignOnTimeout(SignOnFailed):
    """The browser never came back to the loopback listener."""


class StateMismatch(SignOnFailed):
    """The browser's answer does not belong to this sign-on (CSRF or an old tab)."""


class PortBusy(SignOnFailed):
    """The loopback redirect port is taken by another program."""


class WrongEnvironment(SignOnFailed):
    """PingOne does not know the environment (404 at discovery or the token endpoint)."""


class Unreachable(SignOnFailed):
    """The sign-on service could not be reached (DNS, connection, TLS, timeout)."""


class MissingClientSecret(AuthError):
    """A client-credentials profile without a client secret anywhere."""
