"""Import Ping CLI's profiles from the welcome screen (the same rules as the CLI command)."""

from __future__ import annotations

from pathlib import Path


def import_pingcli_profiles(config_path: Path,
                            pingcli_path: Path) -> tuple[list[str], list[tuple[str, str]],
                                                         str | None]:
    """Add Ping CLI's profiles under free names; returns (imported, skipped, active profile).

    Blocking (file read + the profiles file's lock): call it from a thread worker.
    """
    from pingtui.config import edit_config
    from pingtui.pingcli import free_name, read_pingcli_config
    from pingtui.secrets import save_client_secret

    found = read_pingcli_config(pingcli_path)
    imported: list[str] = []
    with edit_config(config_path) as config:
        for item in found.profiles:
            name = free_name(item.source_name, config.profiles)
            item.profile.name = name
            if item.client_secret:
                save_client_secret(item.profile, item.client_secret)
            config.profiles[name] = item.profile
            if not config.active_profile and item.source_name == found.active:
                config.active_profile = name
            imported.append(name)
        if not config.active_profile and imported:
            config.active_profile = next(iter(config.profiles))
        active = config.active_profile
    return imported, list(found.skipped), active
