"""The simulator's audit log, read with plain httpx: PingOne's shape, filters, order, paging."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from pingtui.sim import Simulator

T0 = datetime(2026, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
RANGE = 'recordedat gt "2026-05-01T00:00:00Z" and recordedat lt "2026-05-02T00:00:00Z"'


@pytest.fixture
def api(sim: Simulator) -> Iterator[httpx.Client]:
    token = httpx.post(f"{sim.issuer}/token", data={"grant_type": "client_credentials"},
                       auth=(sim.client_credentials_client_id, sim.client_secret)
                       ).json()["access_token"]
    with httpx.Client(base_url=sim.api_base_url,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def _list(api: httpx.Client, env_id: str, flt: str, **params: str) -> list[dict]:
    response = api.get(f"/environments/{env_id}/activities", params={"filter": flt, **params})
    assert response.status_code == 200, response.text
    return response.json()["_embedded"]["activities"]


@pytest.fixture
def recorded(sim: Simulator, env_id: str) -> list[dict]:
    log = sim.activities
    ada = {"id": "11111111-1111-4111-8111-111111111111", "name": "ada"}
    app = {"id": "22222222-2222-4222-8222-222222222222", "name": "Portal"}
    group = {"type": "GROUP", "id": "33333333-3333-4333-8333-333333333333", "name": "[prod]"}
    return [
        log.record(env_id, "USER.ACCESS_ALLOWED", user=ada, client=app, at=T0,
                   correlation_id="corr-1"),
        log.record(env_id, "USER.ACCESS_DENIED", status="FAILED", user=ada, client=app,
                   at=T0 + timedelta(minutes=1), result_description="Not allowed"),
        log.record(env_id, "GROUP_MEMBER.ADDED", user=ada, resources=[group],
                   at=T0 + timedelta(minutes=2), correlation_id="corr-1"),
        log.record(env_id, "APPLICATION.UPDATED", client=app, at=T0 + timedelta(minutes=3)),
    ]


def test_activities_have_pingone_shape_and_come_newest_first(api, env_id, recorded) -> None:
    got = _list(api, env_id, RANGE)
    assert [a["id"] for a in got] == [a["id"] for a in reversed(recorded)]
    denied = got[2]
    assert denied["recordedAt"] == "2026-05-01T09:01:00.000Z"
    assert denied["action"] == {"type": "USER.ACCESS_DENIED",
                                "description": "User Access Denied"}
    assert denied["result"] == {"status": "FAILED", "description": "Not allowed"}
    assert denied["actors"]["user"]["name"] == "ada"
    assert denied["actors"]["client"]["type"] == "CLIENT"
    assert api.get(f"/environments/{env_id}/activities/{denied['id']}").json() == denied


@pytest.mark.parametrize("flt, expected", [
    ('recordedat gt "2026-05-01T09:01:00Z" and recordedat lt "2026-05-01T09:03:00.000Z"', [2]),
    ('recordedat ge "2026-05-01T09:01:00Z" and recordedat le "2026-05-01T09:03:00Z"', [3, 2, 1]),
    # The same instants in another zone and without the seconds' fraction.
    ('recordedat ge "2026-05-01T11:01:00+02:00" and recordedat lt "2026-05-01T11:03+02:00"',
     [2, 1]),
    (RANGE + ' and action.type eq "USER.ACCESS_DENIED"', [1]),
    (RANGE + ' and (action.type eq "USER.ACCESS_DENIED" or action.type eq '
     '"APPLICATION.UPDATED")', [3, 1]),
    (RANGE + ' and actors.user.id eq "11111111-1111-4111-8111-111111111111"', [2, 1, 0]),
    (RANGE + ' and actors.user.name eq "ADA"', [2, 1, 0]),
    (RANGE + ' and actors.client.id eq "22222222-2222-4222-8222-222222222222"', [3, 1, 0]),
    (RANGE + ' and resources.id eq "33333333-3333-4333-8333-333333333333"', [2]),
    (RANGE + ' and result.status eq "FAILED"', [1]),
    (RANGE + ' and correlationid eq "corr-1"', [2, 0]),
], ids=["gt-lt-exclusive", "ge-le-inclusive", "offsets", "action", "actions-or", "user-id",
        "user-name", "client-id", "resource", "result", "correlation"])
def test_filters(api, env_id, recorded, flt: str, expected: list[int]) -> None:
    assert [a["id"] for a in _list(api, env_id, flt)] == [recorded[i]["id"] for i in expected]


@pytest.mark.parametrize("flt, words", [
    ("", "date range"),
    ('action.type eq "USER.CREATED"', "date range"),
    ('recordedat gt "2026-05-01T00:00:00Z"', "date range"),
    (RANGE + ' and name eq "x"', "'name' is not supported"),
    (RANGE + ' and action.type sw "USER"', "supports only eq"),
    ('recordedat eq "2026-05-01T00:00:00Z"', "supports only gt, ge, lt and le"),
    ('recordedat gt "yesterday" and recordedat lt "2026-05-02T00:00:00Z"', "is not a time"),
    (RANGE + ' and (action.type eq "X"', "ends too early"),
])
def test_bad_filters_are_pingones_400(api, env_id, flt: str, words: str) -> None:
    response = api.get(f"/environments/{env_id}/activities", params={"filter": flt})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "INVALID_DATA"
    assert body["details"][0]["code"] == "INVALID_FILTER"
    assert words in body["details"][0]["message"]


def test_pages_follow_next_links_newest_first(api, sim, env_id) -> None:
    made = [sim.activities.record(env_id, "USER.UPDATED", at=T0 + timedelta(seconds=i))
            for i in range(7)]
    response = api.get(f"/environments/{env_id}/activities", params={"filter": RANGE,
                                                                      "limit": "3"})
    ids = []
    while True:
        body = response.json()
        ids += [a["id"] for a in body["_embedded"]["activities"]]
        if "next" not in body["_links"]:
            break
        response = api.get(body["_links"]["next"]["href"])
    assert ids == [a["id"] for a in reversed(made)]
    assert api.get(f"/environments/{env_id}/activities",
                   params={"filter": RANGE, "limit": "1001"}).status_code == 400


def test_sign_ons_and_listings_are_recorded_and_history_seeded(api, sim, env_id) -> None:
    sim.activities.reset(history=20, record_requests=True)
    httpx.post(f"{sim.issuer}/token", data={"grant_type": "client_credentials"},
               auth=(sim.client_credentials_client_id, "wrong"))
    token = httpx.post(f"{sim.issuer}/token", data={"grant_type": "client_credentials"},
                       auth=(sim.client_credentials_client_id, sim.client_secret))
    assert token.status_code == 200
    assert api.get(f"/environments/{env_id}/users").status_code == 200
    types = [a["action"]["type"] for a in sim.activities.activities(env_id)]
    assert len(types) == 20 + 3
    assert types[-3:] == ["USER.ACCESS_DENIED", "CLIENT.ACCESS_ALLOWED", "USER.READ"]
    assert sim.activities.activities(env_id)[-3]["result"]["status"] == "FAILED"


def test_trickle_once_records_navigable_activities(sim, env_id) -> None:
    before = len(sim.activities.activities(env_id))
    activity = sim.activities.trickle_once(env_id)
    assert len(sim.activities.activities(env_id)) == before + 1
    user_id = activity["actors"]["user"]["id"]
    assert sim.data.children(0, "users").find(user_id) is not None
