"""Demo mode: the embedded PingOne simulator and a transient profile pointing at it.

``with start_demo() as demo: demo.profile`` — the profile is named ``demo``, lives only in
memory (token storage ``none``) and signs on with the device-code flow against the simulator,
which approves the code by itself after ``auto_approve_after`` seconds (or at once when the
verification URL is opened and approved). Nothing here reads or writes the user's config or
keyring.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pingtui.config import Authentication, PingOneSettings, Profile

if TYPE_CHECKING:
    from pingtui.sim import Simulator

DEMO_PROFILE = "demo"


@dataclass
class DemoTenant:
    """A running simulator and the demo profile for it. Stop it with ``close()`` or ``with``."""

    profile: Profile
    simulator: Simulator

    def profile_for(self, grant_type: str) -> Profile:
        """The demo profile signing on with ``grant_type`` (each grant has its own client)."""
        profile = copy.deepcopy(self.profile)
        assert profile.pingone is not None
        auth = profile.pingone.authentication
        sim = self.simulator
        auth.grant_type = grant_type
        auth.client_id = {"authorization_code": sim.auth_code_client_id,
                          "device_code": sim.device_client_id,
                          "client_credentials": sim.client_credentials_client_id}[grant_type]
        # The simulator's demo secret is public and fake; it never leaves this process.
        auth.client_secret = sim.client_secret if grant_type == "client_credentials" else None
        return profile

    def close(self) -> None:
        self.simulator.stop()

    def __enter__(self) -> DemoTenant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def demo_profile(simulator: Simulator) -> Profile:
    return Profile(
        name=DEMO_PROFILE,
        description="The embedded PingOne simulator (demo mode)",
        pingone=PingOneSettings(
            environment_id=simulator.admin_environment_id,
            auth_base_url=simulator.base_url,
            api_base_url=simulator.api_base_url,
            authentication=Authentication(grant_type="device_code",
                                          client_id=simulator.device_client_id,
                                          scopes=["openid"], storage="none"),
        ),
    )


def start_demo(*, auto_approve_after: float = 4.0, activity_trickle: float | None = 3.0,
               **simulator_options: object) -> DemoTenant:
    """Start the simulator on 127.0.0.1 and return the demo tenant (already running)."""
    from pingtui.sim import Simulator  # lazy: the server is not on any other start path

    # The demo's "Load Testing" environment holds 1,000,000 users, made on demand
    # (pingtui/sim/scale.py, imported only when they are first asked for).
    simulator_options.setdefault("scale_users", 1_000_000)
    simulator = Simulator(auto_approve_after=auto_approve_after,
                          **simulator_options)  # type: ignore[arg-type]
    simulator.start()
    if activity_trickle:  # the audit log shows life: a sign-on or a change every few seconds
        simulator.activities.start_trickle(activity_trickle)
    return DemoTenant(profile=demo_profile(simulator), simulator=simulator)
