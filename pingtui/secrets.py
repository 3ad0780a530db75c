"""Where a profile's client secret is kept, seen from the profile commands.

With ``storage: file`` the secret sits in the profiles file (0600) next to the profile, as the
user chose; otherwise it belongs in the token store of ``pingtui.auth``.
"""

from __future__ import annotations

from pingtui.config import Profile
from pingtui.errors import ConfigError


def save_client_secret(profile: Profile, secret: str) -> None:
    """Keep ``secret`` for ``profile`` (call before the profile itself is saved)."""
    from pingtui.logsafe import register_secret

    register_secret(secret)
    if profile.pingone is None:
        raise ConfigError(f"Profile '{profile.name}' has no PingOne settings to attach a "
                          "client secret to.", f"Run 'pingtui init -P {profile.name}'.")
    auth = profile.pingone.authentication
    if auth.storage == "file":
        auth.client_secret = secret
        return
    from pingtui.auth.store import store_client_secret  # keyring (-> file 0600) or memory

    store_client_secret(profile, secret)


def forget_profile_secrets(profile: Profile) -> None:
    """Drop what the token store holds for a deleted profile."""
    from pingtui.auth.store import forget_profile

    forget_profile(profile)


def rename_profile_secrets(old_name: str, profile: Profile) -> None:
    """Move what the token store holds for ``old_name`` to the profile's new name."""
    from pingtui.auth.store import rename_profile

    rename_profile(old_name, profile)
