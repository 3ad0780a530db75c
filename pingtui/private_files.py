"""Private files: written atomically (temp file, fsync, rename) with mode 0600 in a 0700
directory. The profiles file (``pingtui.config``) and the file token store
(``pingtui.auth.store``) are both written through here.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("pingtui.files")


def secure_dir(directory: Path, *, own: bool) -> None:
    """Create ``directory`` 0700; tighten a wider mode only on a directory of pingtui's own.

    A directory the user chose for ``--config`` may be their home, a project or ``/etc``:
    its mode is theirs (the file in it is 0600 whatever the directory's mode).
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = directory.stat().st_mode & 0o777
    if own and os.name == "posix" and mode & 0o077:
        log.warning("%s was readable by others (mode %04o); made it 0700", directory, mode)
        os.chmod(directory, 0o700)


def real_path(path: Path) -> Path:
    # A symlinked config (dotfiles repos) is written through, not replaced by a plain file.
    return Path(os.path.realpath(path))


def write_private_file(path: Path, text: str, *, own_dir: bool) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (temp file, fsync, rename).

    ``own_dir``: the directory is pingtui's (its config or state dir), so a mode wider than
    0700 is fixed too.
    """
    target = real_path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        old_mode = None
    else:
        if not stat.S_ISREG(info.st_mode):  # never replace a directory, FIFO or /dev/null
            raise OSError(errno.EINVAL, "not a regular file")
        old_mode = info.st_mode & 0o777
    secure_dir(target.parent, own=own_dir)
    import tempfile  # lazy: only writers need it

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if os.name == "posix":
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # make the rename itself durable
        finally:
            os.close(dir_fd)
    if old_mode is not None and old_mode & 0o077:
        log.warning("%s was readable by others (mode %04o); it is now 0600", target, old_mode)
