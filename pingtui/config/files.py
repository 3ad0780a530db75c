"""The profiles file on disk: where it is, reading it, and the locked read-modify-write.

``edit_config`` holds a cross-process lock around a fresh read and an atomic write, so two
processes adding profiles at the same moment both survive. A file that does not parse is never
written over. platformdirs and tempfile are imported only by the paths that need them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pingtui.config.env import ENV_CONFIG
from pingtui.config.model import Config
from pingtui.config.parse import config_to_dict, dump_yaml, parse_config
from pingtui.errors import ConfigError
from pingtui.private_files import real_path, write_private_file

MAX_CONFIG_BYTES = 1024 * 1024


def default_config_path() -> Path:
    from platformdirs import user_config_path  # lazy: keeps it off the start path

    return user_config_path("pingtui", appauthor=False) / "config.yaml"


def config_path(explicit: str | os.PathLike[str] | None = None,
                env: Mapping[str, str] = os.environ) -> Path:
    """``--config`` > ``$PINGTUI_CONFIG`` > the platform's user config dir."""
    if explicit:
        return Path(explicit).expanduser()
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    return default_config_path()


def _not_a_regular_file(path: Path) -> ConfigError:
    # Reading a FIFO with no writer would block for ever, a device may never end, and
    # neither may be replaced by a file on write.
    return ConfigError(f"{path} is not a regular file.",
                       "Point --config or PINGTUI_CONFIG at the pingtui YAML file.")


def load_config(path: Path) -> Config:
    """Read the profiles file; a missing or empty file means no profiles yet."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(f"Can't read the config file {path}: {exc.strerror}.",
                          "Check the path and its permissions.") from None
    if not stat.S_ISREG(info.st_mode):
        if os.path.samefile(path, os.devnull):  # `--config /dev/null`: no profiles
            return Config(path=path)
        raise _not_a_regular_file(path)
    size = info.st_size
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path} is {size // 1024} KiB, larger than a profiles file can be (1 MiB).",
            "Is this the right file? Point --config or PINGTUI_CONFIG at the pingtui config.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text.", "Is this the right file?") from None
    except OSError as exc:
        raise ConfigError(f"Can't read the config file {path}: {exc.strerror}.",
                          "Check the path and its permissions.") from None
    return parse_config(path, text)


def save_config(config: Config) -> None:
    """Write ``config`` atomically. Prefer :func:`edit_config`, which also locks."""
    try:
        own_dir = real_path(config.path).parent == real_path(default_config_path()).parent
        write_private_file(config.path, dump_yaml(config_to_dict(config)), own_dir=own_dir)
    except OSError as exc:
        raise ConfigError(
            f"Could not write {config.path}: {exc.strerror or exc}.",
            "The previous file is intact. Free some space or fix the permissions, then retry.",
        ) from None


@contextmanager
def config_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the cross-process lock of the profiles file at ``path`` (``<file>.lock``, there
    only while held: pingtui.config.lock)."""
    from pingtui.config.lock import LockFile, LockTimeout

    target = real_path(path)
    if target.exists() and not target.is_file():
        raise _not_a_regular_file(path)  # and no lock file beside /dev/null
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # modes are fixed on write
    lock = LockFile(str(target) + ".lock", timeout)
    try:
        lock.acquire()
    except LockTimeout:
        raise ConfigError(
            f"Another pingtui is writing {target} (its lock is held).",
            "Try again in a moment; if it persists, remove the stale .lock file.",
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def edit_config(path: Path) -> Iterator[Config]:
    """Read-modify-write the profiles file under its lock; saves when the block succeeds."""
    with config_lock(path):
        config = load_config(path)
        yield config
        save_config(config)
