"""QA round: the demo's audit record of a listing names the kind as PingOne's action types do
(upper snake case, singular): it showed ``KEYROTATIONPOLICIE.READ``, ``ALERTCHANNEL.READ``."""

from __future__ import annotations

from test_sim_activities import api  # noqa: F401 (fixture)


def test_a_listing_is_recorded_as_singular_snake_case(api, sim, env_id) -> None:  # noqa: F811
    sim.activities.reset(history=0, record_requests=True)
    for path in ("keyRotationPolicies", "signOnPolicies", "alertChannels", "users"):
        assert api.get(f"/environments/{env_id}/{path}").status_code == 200
    types = [a["action"]["type"] for a in sim.activities.activities(env_id)][-4:]
    assert types == ["KEY_ROTATION_POLICY.READ", "SIGN_ON_POLICY.READ", "ALERT_CHANNEL.READ",
                     "USER.READ"]
