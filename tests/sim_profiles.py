"""Profiles files for tests: an active profile that signs on to the embedded simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pingtui.sim import Simulator


def profile_yaml(sim: Simulator, grant: str = "client_credentials", *, name: str = "work",
                 storage: str = "none", environment_id: str | None = None,
                 secret_in_file: bool = True, redirect_port: int | None = None) -> str:
    """A profiles file whose active profile ``name`` signs on to ``sim`` with ``grant``."""
    client = {"client_credentials": sim.client_credentials_client_id,
              "device_code": sim.device_client_id,
              "authorization_code": sim.auth_code_client_id}[grant]
    extra = ""
    if grant == "client_credentials" and secret_in_file:
        extra += f"\n        clientSecret: {sim.client_secret}"
    if redirect_port:
        extra += f"\n        redirectURIPort: {redirect_port}"
    return f"""\
activeProfile: {name}
profiles:
  {name}:
    description: The [prod] tenant
    pingone:
      environmentID: {environment_id or sim.admin_environment_id}
      authBaseURL: {sim.base_url}
      apiBaseURL: {sim.api_base_url}
      authentication:
        grantType: {grant}
        clientID: {client}{extra}
        storage: {storage}
"""
