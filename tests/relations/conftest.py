"""One simulator for the relationship suite, and the CLI on a profiles file signing on to it."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator

import pytest
from sim_profiles import profile_yaml

from pingtui.sim import Simulator


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[:400]!r}, err={self.err!r})"


@pytest.fixture(scope="session")
def rel_sim() -> Iterator[Simulator]:
    # 1,000 users in every environment: the request-count test lists a thousand of them.
    with Simulator(users=1000) as sim:
        yield sim


@pytest.fixture(scope="session")
def rel_cli(rel_sim: Simulator, tmp_path_factory: pytest.TempPathFactory
            ) -> Callable[..., Result]:
    """``rel_cli("grants", "list", ...)`` against the session's simulator."""
    from pingtui.cli import run

    path = tmp_path_factory.mktemp("relations-cfg") / "config.yaml"
    path.write_text(profile_yaml(rel_sim, storage="file"))
    path.chmod(0o600)
    env = {**os.environ, "PINGTUI_CONFIG": str(path)}

    def invoke(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = run(list(argv), env=env, stdin=io.StringIO(""), stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return invoke
