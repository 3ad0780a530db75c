"""Keep secrets out of logs: a filter that masks every secret registered at run time.

Code that handles a secret (client secret, access/refresh token, device code, authorization
code, PKCE verifier) registers it with :func:`register_secret`; the filter installed on the
``pingtui`` logger replaces it with ``********`` in every record. This is defence in depth: the
first rule is still never to log a secret.
"""

from __future__ import annotations

import logging
import threading

MASK = "********"
_MIN_SECRET_LEN = 6  # shorter strings would mask ordinary words

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    if value and len(value) >= _MIN_SECRET_LEN:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Attach the filter to the handlers of ``logger`` (default: the root logger)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
