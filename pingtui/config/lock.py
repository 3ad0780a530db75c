"""The profiles file's cross-process lock: a lock file that is gone when nobody holds it.

filelock leaves ``config.yaml.lock`` beside the profiles file for ever (removing it on release
would race with a process that opened it and waits). Here the holder removes it *before*
unlocking, and a waiter that then gets the lock on the removed file sees that the path no
longer names the file it locked, and starts again — so the file exists only while the lock is
held or wanted. Windows keeps filelock, which removes its lock file on release there.
"""

from __future__ import annotations

import os
import time
from typing import Any

_POLL = 0.02  # seconds between tries while another process holds the lock


class LockTimeout(Exception):
    """The lock was held by someone else for the whole timeout."""


class LockFile:
    """``acquire()`` (raises :class:`LockTimeout`) and ``release()`` the lock at ``path``."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._filelock: Any = None

    def acquire(self) -> None:
        if os.name != "posix":  # pragma: no cover - CI runs on Linux
            from filelock import FileLock, Timeout

            self._filelock = FileLock(self.path, timeout=self.timeout, mode=0o600)
            try:
                self._filelock.acquire()
            except Timeout:
                raise LockTimeout(self.path) from None
            return
        self._fd = _acquire(self.path, time.monotonic() + self.timeout)

    def release(self) -> None:
        if self._filelock is not None:  # pragma: no cover - Windows
            self._filelock.release()
            return
        if self._fd is None:
            return
        try:
            os.unlink(self.path)  # while still locked: see the module docstring
        except FileNotFoundError:
            pass
        os.close(self._fd)  # closing the descriptor releases the lock
        self._fd = None


def _acquire(path: str, deadline: float) -> int:
    import fcntl

    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(path) from None
            time.sleep(_POLL)
            continue
        try:
            on_disk = os.stat(path)
        except FileNotFoundError:
            on_disk = None
        mine = os.fstat(fd)
        if on_disk is not None and (on_disk.st_dev, on_disk.st_ino) == \
                (mine.st_dev, mine.st_ino):
            return fd
        os.close(fd)  # the previous holder removed it as we waited: lock the current one
