"""Connection failures told in words a network admin recognises.

httpx reports a certificate that does not verify, a proxy's 407 and a proxy that is down all
as a ``ConnectError``/``ProxyError`` with OpenSSL's or the proxy's text. :func:`describe` finds
the cause (the ``ssl.SSLCertVerificationError`` in the chain, the proxy's status line, the
refused TCP connection to the proxy) and returns a :class:`NetworkFailure`: still an
``httpx.TransportError`` (code that catches those keeps working), with ``message`` (what
failed) and ``hint`` (what to do) that the CLI prints and the TUI shows, and ``retry`` (False
where trying again can't help: a certificate, a refusal).

The texts name hosts, proxy addresses without credentials, and OpenSSL's verify reason —
nothing else from the exception, which could hold a URL with a password.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator

import httpx

from pingtui.proxies import PROFILE_SOURCE, ProxyChoice

# OpenSSL X509_V_ERR_* codes (x509_vfy.h).
_NOT_YET_VALID, _EXPIRED = 9, 10
_SELF_SIGNED, _SELF_SIGNED_IN_CHAIN = 18, 19
_UNTRUSTED = {
    2: "issued by an unknown CA",                   # unable to get issuer certificate
    _SELF_SIGNED: "self-signed certificate",
    _SELF_SIGNED_IN_CHAIN: "self-signed certificate in chain",
    20: "issued by an unknown CA",                  # unable to get local issuer certificate
    21: "the server sent an incomplete chain",      # unable to verify the first certificate
    24: "an intermediate CA is not allowed to issue it",
    27: "not trusted for server authentication",
    28: "rejected by the trust store",
}
_HOSTNAME_MISMATCH, _EMAIL_MISMATCH, _IP_MISMATCH = 62, 63, 64
_STATUS_LINE = re.compile(r"^\s*(\d{3})\b\s*(.*)$")


class NetworkFailure(httpx.TransportError):
    """A transport error with a message and a hint for the person at the terminal."""

    def __init__(self, message: str, hint: str, *, kind: str, retry: bool = False,
                 request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)
        self.message = message
        self.hint = hint
        self.kind = kind
        """untrusted, hostname, expired, not_yet_valid, tls, proxy_auth, proxy_refused,
        proxy_upstream, proxy_down, proxy_closed."""
        self.retry = retry


def host_label(url: httpx.URL) -> str:
    """``auth.pingone.eu``; with the port when it is not the scheme's default."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    host = f"[{url.host}]" if ":" in url.host else url.host
    return host if url.port in (None, default) else f"{host}:{url.port}"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _found(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    return next((e for e in _chain(exc) if isinstance(e, kind)), None)


def _ca_hint(profile: str | None) -> str:
    fix = f" (pingtui init -P {profile} --ca-bundle PATH)" if profile else \
        " (pingtui init --ca-bundle PATH)"
    return ("If your network inspects TLS, set SSL_CERT_FILE or the profile's caBundle to "
            f"your company's CA{fix}.")


def _certificate(error: ssl.SSLCertVerificationError, host: str,
                 profile: str | None) -> NetworkFailure:
    code = getattr(error, "verify_code", None)
    reason = str(getattr(error, "verify_message", "") or error.reason or error).strip()
    if code in (_HOSTNAME_MISMATCH, _IP_MISMATCH, _EMAIL_MISMATCH) or "mismatch" in reason.lower():
        return NetworkFailure(
            f"The certificate of {host} is for another host name (host-name mismatch).",
            "Check the profile's region, custom domain and base URLs; if a proxy inspects TLS, "
            f"its certificate for {host} must name that host — tell your network admin.",
            kind="hostname")
    if code == _EXPIRED:
        return NetworkFailure(
            f"The certificate of {host} has expired.",
            "Check this computer's date and time; if they are right, the server (or your "
            "network's TLS-inspecting proxy) must renew its certificate — tell its admin.",
            kind="expired")
    if code == _NOT_YET_VALID:
        return NetworkFailure(
            f"The certificate of {host} is not valid yet.",
            "Check this computer's date and time (the certificate starts later than now).",
            kind="not_yet_valid")
    words = _UNTRUSTED.get(code) if code is not None else None
    return NetworkFailure(
        f"The certificate of {host} is not trusted ({words or reason or 'verification failed'}).",
        _ca_hint(profile), kind="untrusted")


def _proxy_status(text: str) -> tuple[int, str] | None:
    match = _STATUS_LINE.match(text)
    if not match:
        return None
    return int(match.group(1)), match.group(2).strip()[:80]


def _where(choice: ProxyChoice) -> str:
    return "the profile's proxy" if choice.source == PROFILE_SOURCE else choice.source


def _proxy_refusal(status: int, reason: str, host: str,
                   choice: ProxyChoice) -> NetworkFailure:
    said = f"{status} {reason}".strip()
    proxy = choice.shown
    if status == 407:
        if choice.has_credentials:
            hint = (f"The proxy did not accept the user name and password in {_where(choice)}; "
                    "check them with your network admin.")
        else:
            hint = ("The proxy wants a user name and password: put them in HTTPS_PROXY "
                    "(http://USER:PASSWORD@HOST:PORT), or ask your network admin to let "
                    "pingtui through.")
        return NetworkFailure(f"The proxy {proxy} refused to connect to {host} ({said}).",
                              hint, kind="proxy_auth")
    if status in (502, 503, 504):
        return NetworkFailure(
            f"The proxy {proxy} could not reach {host} ({said}).",
            "Check the host name (the profile's region or domain); the proxy may not reach "
            "the internet right now.", kind="proxy_upstream", retry=True)
    return NetworkFailure(
        f"The proxy {proxy} refused the connection to {host} ({said}).",
        f"Ask your network admin to allow {host} through the proxy, or add it to NO_PROXY "
        "if it is reachable directly.", kind="proxy_refused")


def _connect_reason(exc: BaseException) -> str | None:
    """Why the TCP connection (to the proxy) failed; None when it is not that."""
    if _found(exc, httpx.ConnectTimeout) or _found(exc, TimeoutError):
        return "timed out"
    if _found(exc, socket.gaierror):
        return "host not found"
    if _found(exc, ConnectionRefusedError):
        return "connection refused"
    if _found(exc, ConnectionResetError):
        return "connection reset"
    return None


def describe(exc: httpx.TransportError, request: httpx.Request, choice: ProxyChoice | None,
             profile: str | None = None) -> NetworkFailure | None:
    """The failure of ``request`` in words, or None when it is none of these (the caller
    keeps its own words)."""
    if isinstance(exc, NetworkFailure):
        return exc
    host = host_label(request.url)
    failure: NetworkFailure | None = None
    verification = _found(exc, ssl.SSLCertVerificationError)
    proxy_error = _found(exc, httpx.ProxyError)
    if isinstance(verification, ssl.SSLCertVerificationError):
        failure = _certificate(verification, host, profile)
    elif choice is not None and proxy_error is not None and (
            status := _proxy_status(str(proxy_error))):
        failure = _proxy_refusal(status[0], status[1], host, choice)
    elif isinstance(tls := _found(exc, ssl.SSLError), ssl.SSLError) and not isinstance(
            tls, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        said = (tls.reason or "handshake failed").replace("_", " ").lower()
        failure = NetworkFailure(
            f"The secure (TLS) connection to {host} failed ({said}).",
            "Check the URL's port and any proxy in the way (pingtui auth status shows it).",
            kind="tls")
    elif choice is not None and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
        if why := _connect_reason(exc):
            failure = NetworkFailure(
                f"Could not connect to the proxy {choice.shown} ({why}).",
                f"Check the proxy setting ({_where(choice)}; pingtui auth status shows it), or "
                "whether the proxy is running.", kind="proxy_down", retry=True)
        else:  # the tunnel was open, then closed during the TLS handshake
            failure = NetworkFailure(
                f"The proxy {choice.shown} closed the connection to {host} during the TLS "
                "handshake.",
                "The proxy may block or fail to inspect this host; ask your network admin.",
                kind="proxy_closed", retry=True)
    if failure is not None:
        failure.request = request
    return failure
