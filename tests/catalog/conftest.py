"""One simulator for the whole catalog suite (every kind is listed from it), and the CLI on a
profiles file that signs on to it with client credentials."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sim_profiles import profile_yaml

from pingtui.sim import Simulator


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[:400]!r}, err={self.err!r})"


@pytest.fixture(scope="session")
def catalog_sim() -> Iterator[Simulator]:
    with Simulator() as sim:
        yield sim


@pytest.fixture(scope="session")
def catalog_profiles(catalog_sim: Simulator, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalog-cfg") / "config.yaml"
    path.write_text(profile_yaml(catalog_sim, storage="file"))
    path.chmod(0o600)
    return path


Cli = Callable[..., Result]


@pytest.fixture(scope="session")
def cli(catalog_profiles: Path) -> Cli:
    """``cli("users", "list", "-e", "Administrators", "-o", "json")`` against the simulator."""
    from pingtui.cli import run

    env = {**os.environ, "PINGTUI_CONFIG": str(catalog_profiles)}

    def invoke(*argv: str, stdin: str = "", tty: bool = False) -> Result:
        out, err = io.StringIO(), io.StringIO()
        stream = io.StringIO(stdin)
        if tty:
            stream.isatty = lambda: True  # type: ignore[method-assign]
        code = run(list(argv), env=env, stdin=stream, stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return invoke
