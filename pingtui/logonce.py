"""Each warning once: a logging filter that lets a given warning through the first time only.

One command can meet the same condition many times — an unreadable token file is read again by
every token lookup of a listing — and six identical lines tell the user nothing the first did
not. The CLI's stderr handler carries one filter for the process; the TUI's notification
handler one for its session (a toast per condition, not per retry). Only WARNING records are
folded: errors and debug lines pass as they come.
"""

from __future__ import annotations

import logging
import threading


class OnceFilter(logging.Filter):
    """Drops a WARNING whose text this filter has already let through."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[str] = set()
        self._lock = threading.Lock()  # records arrive from worker threads too

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        key = record.getMessage()
        with self._lock:
            if key in self._seen:
                return False
            self._seen.add(key)
        return True
