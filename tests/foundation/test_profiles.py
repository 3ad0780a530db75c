"""pingtui.profiles: the profile rules the CLI and the TUI share (real files, real token store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingtui import profiles
from pingtui.auth.store import load_client_secret, store_client_secret
from pingtui.config import Authentication, PingOneSettings, Profile, edit_config, load_config
from pingtui.errors import ConfigError

ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"


def cc_profile(name: str) -> Profile:
    auth = Authentication(grant_type="client_credentials", client_id="c", storage="none")
    return Profile(name, pingone=PingOneSettings(environment_id=ENV_ID, authentication=auth))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "cfg" / "config.yaml"
    with edit_config(path) as config:
        config.profiles = {"a": cc_profile("a"), "b": cc_profile("b"), "c": Profile("c")}
        config.active_profile = "a"
    return path


def test_rename_keeps_the_order_the_active_mark_and_the_secret(path: Path) -> None:
    store_client_secret(load_config(path).get("a"), "a-secret-value")
    profiles.rename_profile(path, "a", "z")
    config = load_config(path)
    assert list(config.profiles) == ["z", "b", "c"] and config.active_profile == "z"
    assert load_client_secret(config.get("z")) == "a-secret-value"
    assert load_client_secret(cc_profile("a")) is None
    with pytest.raises(ConfigError, match="already exists"):
        profiles.rename_profile(path, "b", "z")
    with pytest.raises(ConfigError, match="not a valid profile name"):
        profiles.rename_profile(path, "b", "no spaces")


def test_delete_forgets_secrets_and_guards_the_active_profile_under_the_lock(path: Path) -> None:
    store_client_secret(load_config(path).get("b"), "b-secret-value")
    stale = load_config(path)
    assert profiles.deletable(stale, "b").name == "b"  # fine as read a moment ago …
    profiles.use_profile(path, "b")  # … but another process makes it the active one
    with pytest.raises(ConfigError, match="active profile and can't be deleted"):
        profiles.delete_profile(path, "b")  # the guard sees the file as it is now
    assert "b" in load_config(path).profiles
    assert load_client_secret(cc_profile("b")) == "b-secret-value"
    profiles.use_profile(path, "a")
    profiles.delete_profile(path, "b")
    assert "b" not in load_config(path).profiles
    assert load_client_secret(cc_profile("b")) is None
    with pytest.raises(ConfigError, match="no profile named 'b'"):
        profiles.delete_profile(path, "b")


def test_add_makes_the_first_profile_active(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    assert profiles.add_profile(path, "first") is True
    assert profiles.add_profile(path, "second") is False
    assert profiles.add_profile(path, "third", activate=True) is True
    with pytest.raises(ConfigError, match="already exists"):
        profiles.add_profile(path, "first")


def test_settings_apply_only_what_is_given() -> None:
    profile = Profile("p")
    profiles.apply_settings(profile, profiles.Settings(environment_id=ENV_ID, client_id="c"))
    p = profile.pingone
    assert p is not None and p.region == "NA"  # a location is always there
    profiles.apply_settings(profile, profiles.Settings(root_domain="pingone.eu",
                                                       custom_domain="login.example.com"))
    assert (p.region, p.root_domain, p.custom_domain) == (None, "pingone.eu",
                                                          "login.example.com")
    profiles.apply_settings(profile, profiles.Settings(region="ca", custom_domain=""))
    assert (p.region, p.root_domain, p.custom_domain) == ("CA", None, None)
    assert p.environment_id == ENV_ID and p.authentication.client_id == "c"  # untouched
    p.authentication.client_secret = "left-over"
    profiles.apply_settings(profile, profiles.Settings(grant_type="device_code"))
    assert p.authentication.client_secret is None  # only client credentials keep one


def test_what_is_missing_for_a_grant() -> None:
    assert profiles.missing_for(Profile("empty"), has_secret=False) == ["environment_id",
                                                                       "client_id"]
    profile = cc_profile("p")
    assert profiles.missing_for(profile, has_secret=False) == ["client_secret"]
    assert profiles.missing_for(profile, has_secret=True) == []
    assert profiles.missing_settings("device_code", environment_id=ENV_ID, client_id=None,
                                     has_secret=False) == ["client_id"]
