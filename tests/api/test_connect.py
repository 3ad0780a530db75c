"""pingtui.connect: a profile's session and API client, built once and closed together (over
real HTTP on 127.0.0.1 against the simulator)."""

from __future__ import annotations

import io
from pathlib import Path

from sim_profiles import profile_yaml

from pingtui.config import Profile, load_config, resolve_profile
from pingtui.connect import DEMO_SIGN_ON_GRANT, Connection, command_profile, open_connection
from pingtui.context import Context
from pingtui.sim import Simulator


def sim_profile(sim: Simulator, tmp_path: Path) -> Profile:
    path = tmp_path / "config.yaml"
    path.write_text(profile_yaml(sim))
    return resolve_profile(load_config(path), None, {})


async def test_one_session_and_one_client_until_closed(sim: Simulator, tmp_path: Path) -> None:
    connection = Connection(sim_profile(sim, tmp_path))
    client = await connection.client()
    assert await connection.client() is client and client.api_base_url == sim.api_base_url
    environments = await client.get_json("/environments")
    assert environments["_embedded"]["environments"]
    session = connection.session
    await connection.aclose()
    assert connection._client is None and connection._session is None
    again = await connection.client()  # reopened on the next use, with a new session
    assert again is not client and connection.session is not session
    await connection.aclose()


async def test_a_shared_session_is_used_by_the_next_client(sim: Simulator,
                                                           tmp_path: Path) -> None:
    profile = sim_profile(sim, tmp_path)
    async with Connection(profile) as signed, Connection(profile) as other:
        await (await signed.client()).get_json("/environments")
        other.share_session(signed)
        assert other.session is signed.session
        await (await other.client()).get_json("/environments")
        assert sum(1 for method, path in sim.requests if path.endswith("/as/token")) == 1


async def test_the_demo_chooses_its_grant_once() -> None:
    ctx = Context(demo=True, env={}, stdin=io.StringIO(), stdout=io.StringIO(),
                  stderr=io.StringIO())
    with command_profile(ctx, sign_on=True) as profile:
        assert profile.pingone is not None
        assert profile.pingone.authentication.grant_type == DEMO_SIGN_ON_GRANT
    async with open_connection(ctx) as connection:  # unattended: client credentials
        assert connection.profile.pingone is not None
        assert connection.profile.pingone.authentication.grant_type == "client_credentials"
        page = await (await connection.client()).get_json("/environments")
        assert page["_embedded"]["environments"]
