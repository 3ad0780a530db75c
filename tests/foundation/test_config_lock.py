"""The profiles file's lock leaves no ``config.yaml.lock`` behind, and still serialises
writers (issue 17 item 13)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pingtui.config import Profile, edit_config, load_config
from pingtui.config.lock import LockFile, LockTimeout


def test_no_lock_file_is_left_beside_the_config(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "config.yaml"
    with edit_config(path) as config:
        config.profiles["work"] = Profile(name="work")
        assert (path.parent / "config.yaml.lock").exists()  # there while held
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.yaml"]


def test_writers_still_take_turns(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    errors: list[BaseException] = []

    def add(prefix: str) -> None:
        try:
            for n in range(15):
                with edit_config(path) as config:
                    config.profiles[f"{prefix}{n}"] = Profile(name=f"{prefix}{n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(p,)) for p in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(load_config(path).profiles) == 45  # no read-modify-write lost another's
    assert not (tmp_path / "config.yaml.lock").exists()


def test_a_held_lock_times_out(tmp_path: Path) -> None:
    lock = str(tmp_path / "config.yaml.lock")
    holder = LockFile(lock, timeout=1)
    holder.acquire()
    try:
        with pytest.raises(LockTimeout):
            LockFile(lock, timeout=0.1).acquire()
    finally:
        holder.release()
    other = LockFile(lock, timeout=0.1)
    other.acquire()  # free again
    other.release()
