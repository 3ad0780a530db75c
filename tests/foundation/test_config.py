"""The profiles file: location, validation, round trips, atomic and locked writes."""

from __future__ import annotations

import errno
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pingtui import config as cfg
from pingtui.errors import ConfigError

ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
BAD_CONFIGS = Path(__file__).parent.parent / "data" / "bad_configs"

# file -> (fragment of the message, line:column it must point at, or None)
EXPECTED = {
    "yaml_syntax.yaml": ("not valid YAML", ":3:1"),
    "bad_uuid.yaml": ("environmentID 'not-a-uuid' is not a UUID", ":4:7"),
    "unknown_grant.yaml": ("grantType 'password' is not a grant type", ":6:9"),
    "wrong_type.yaml": ("profiles.work.pingone must be a mapping", ":3:5"),
    "profiles_list.yaml": ("profiles must be a mapping", ":1:1"),
    "top_list.yaml": ("must be a YAML mapping", None),
    "bad_profile_name.yaml": ("is not a valid profile name", ":2:3"),
    "bad_region.yaml": ("region 'MARS' is not a region code", ":4:7"),
    "http_not_loopback.yaml": ("plain http is only allowed for 127.0.0.1", ":4:7"),
    "bad_storage.yaml": ("storage 'vault' is not a storage kind", ":5:9"),
    "bad_port.yaml": ("redirectURIPort must be a port number", ":5:9"),
    "bad_scopes.yaml": ("scopes must be a list", ":5:9"),
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_every_bad_config_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD_CONFIGS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_config_is_named_and_never_overwritten(name, config_file, run_cli) -> None:
    original = (BAD_CONFIGS / name).read_bytes()
    config_file.parent.mkdir(parents=True)
    config_file.write_bytes(original)
    fragment, where = EXPECTED[name]
    for argv in (("profiles", "list"), ("profiles", "add", "new"), ("profiles", "use", "work")):
        result = run_cli(*argv)
        assert result.code == 1, result
        lines = result.err.strip().splitlines()
        assert 1 <= len(lines) <= 2, result.err
        assert str(config_file) in lines[0] and fragment in lines[0], result.err
        if where:
            assert f"{config_file}{where}" in lines[0]
        assert "Traceback" not in result.err
    assert config_file.read_bytes() == original


def test_missing_and_empty_files_mean_no_profiles(tmp_path: Path) -> None:
    assert cfg.load_config(tmp_path / "nope.yaml").profiles == {}
    assert cfg.load_config(write(tmp_path / "empty.yaml", "")).profiles == {}
    assert cfg.load_config(write(tmp_path / "blank.yaml", "# nothing\n")).profiles == {}


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "big.yaml", "#" * (cfg.MAX_CONFIG_BYTES + 1))
    with pytest.raises(ConfigError, match="larger than a profiles file can be"):
        cfg.load_config(path)


def test_round_trip_keeps_unknown_keys_and_case_insensitive_keys(tmp_path: Path) -> None:
    text = f"""\
activeProfile: work
futureTopLevel: {{keep: me}}
profiles:
  work:
    description: Mine
    colour: blue
    pingOne:
      Region: eu
      environmentID: {ENV_ID}
      proxy: http://127.0.0.1:3128
      authentication:
        grantType: device_code
        clientID: abc
        extraSetting: [1, 2]
"""
    path = write(tmp_path / "config.yaml", text)
    config = cfg.load_config(path)
    work = config.profiles["work"]
    assert work.pingone.region == "EU"
    assert work.pingone.environment_id == ENV_ID
    assert work.pingone.authentication.grant_type == "device_code"
    cfg.save_config(config)
    again = yaml.safe_load(path.read_text())
    assert again["futureTopLevel"] == {"keep": "me"}
    assert again["profiles"]["work"]["colour"] == "blue"
    assert again["profiles"]["work"]["pingone"]["proxy"] == "http://127.0.0.1:3128"
    assert again["profiles"]["work"]["pingone"]["authentication"]["extraSetting"] == [1, 2]
    assert cfg.load_config(path).profiles["work"] == work


def test_secret_is_written_only_with_file_storage(tmp_path: Path) -> None:
    auth = cfg.Authentication(grant_type="client_credentials", client_id="c",
                              client_secret="very-secret-value", storage="keyring")
    profile = cfg.Profile("p", pingone=cfg.PingOneSettings(environment_id=ENV_ID,
                                                           authentication=auth))
    config = cfg.Config(path=tmp_path / "c.yaml", profiles={"p": profile})
    cfg.save_config(config)
    assert "very-secret-value" not in config.path.read_text()
    assert "very-secret-value" not in repr(profile)
    auth.storage = "file"
    cfg.save_config(config)
    assert "very-secret-value" in config.path.read_text()


def test_wide_modes_are_fixed_on_write_with_a_warning(caplog) -> None:
    path = cfg.default_config_path()  # in pingtui's own directory
    directory = path.parent
    directory.mkdir(mode=0o755, parents=True)
    os.chmod(directory, 0o755)
    write(path, "profiles: {}\n")
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING, logger="pingtui.config"):
        with cfg.edit_config(path) as config:
            config.profiles["a"] = cfg.Profile("a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert "mode 0644" in caplog.text and "mode 0755" in caplog.text


def test_a_directory_the_user_chose_keeps_its_mode(tmp_path: Path) -> None:
    """`--config ~/pingtui.yaml` or `/etc/pingtui.yaml`: the file is made private, but the
    home directory or /etc is not pingtui's to lock down."""
    directory = tmp_path / "home-or-etc"
    directory.mkdir()
    os.chmod(directory, 0o755)
    path = write(directory / "pingtui.yaml", "profiles: {}\n")
    with cfg.edit_config(path) as config:
        config.profiles["a"] = cfg.Profile("a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o755


def test_a_fifo_or_directory_is_refused_and_dev_null_reads_as_empty(tmp_path: Path) -> None:
    fifo = tmp_path / "config.fifo"
    os.mkfifo(fifo)  # with no writer, reading it would block for ever
    for path in (fifo, tmp_path):
        with pytest.raises(ConfigError, match="not a regular file"):
            cfg.load_config(path)
    assert cfg.load_config(Path(os.devnull)).profiles == {}
    with pytest.raises(ConfigError, match="not a regular file"):
        with cfg.edit_config(Path(os.devnull)) as config:
            config.profiles["a"] = cfg.Profile("a")
    assert Path(os.devnull).is_char_device()  # not replaced by a file
    assert not Path(os.devnull + ".lock").exists()  # nor a lock file left in /dev


def test_new_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "config.yaml"
    with cfg.edit_config(path) as config:
        config.profiles["a"] = cfg.Profile("a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_symlinked_config_is_written_through(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "pingtui.yaml", "profiles: {}\n")
    link = tmp_path / "cfg" / "config.yaml"
    link.parent.mkdir()
    link.symlink_to(real)
    with cfg.edit_config(link) as config:
        config.profiles["a"] = cfg.Profile("a")
    assert link.is_symlink()
    assert "a" in yaml.safe_load(real.read_text())["profiles"]


def test_failed_write_leaves_the_original_intact(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path / "config.yaml", "activeProfile: a\nprofiles:\n  a: {}\n")
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ConfigError, match="No space left on device") as info:
        with cfg.edit_config(path) as config:
            config.profiles["b"] = cfg.Profile("b")
    assert "previous file is intact" in info.value.hint
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_concurrent_writers_all_survive(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    env = {**os.environ, "PINGTUI_CONFIG": str(path)}
    names = [f"p{i}" for i in range(6)]
    procs = [subprocess.Popen([sys.executable, "-m", "pingtui", "profiles", "add", n], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in names]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    assert sorted(cfg.load_config(path).profiles) == names


def test_config_path_precedence(tmp_path: Path, isolated_user: Path) -> None:
    env = {"PINGTUI_CONFIG": str(tmp_path / "env.yaml")}
    assert cfg.config_path(tmp_path / "flag.yaml", env) == tmp_path / "flag.yaml"
    assert cfg.config_path(None, env) == tmp_path / "env.yaml"
    default = cfg.config_path(None, {})
    assert default.name == "config.yaml" and default.parent.name == "pingtui"
    assert str(default).startswith(str(isolated_user))


def _two_profiles(tmp_path: Path) -> cfg.Config:
    path = write(tmp_path / "config.yaml", f"""\
activeProfile: file-active
profiles:
  file-active:
    pingone:
      region: NA
      environmentID: {ENV_ID}
      authentication: {{grantType: authorization_code, clientID: from-file}}
  other:
    pingone:
      region: EU
      environmentID: {ENV_ID}
      authentication: {{grantType: device_code, clientID: other-client}}
""")
    return cfg.load_config(path)


def test_profile_precedence_flag_env_file(tmp_path: Path) -> None:
    config = _two_profiles(tmp_path)
    assert cfg.resolve_profile(config, None, {}).name == "file-active"
    assert cfg.resolve_profile(config, None, {"PINGTUI_PROFILE": "other"}).name == "other"
    assert cfg.resolve_profile(config, "file-active",
                               {"PINGTUI_PROFILE": "other"}).name == "file-active"
    with pytest.raises(ConfigError, match="no profile named 'ghost'"):
        cfg.resolve_profile(config, "ghost", {})


def test_pingcli_variables_override_the_file(tmp_path: Path) -> None:
    config = _two_profiles(tmp_path)
    other_env = "11111111-2222-4333-8444-555555555555"
    env = {
        "PINGCLI_PINGONE_AUTHENTICATION_TYPE": "worker",
        "PINGCLI_PINGONE_REGION_CODE": "AU",
        "PINGCLI_PINGONE_WORKER_CLIENT_ID": "from-env",
        "PINGCLI_PINGONE_WORKER_CLIENT_SECRET": "env-secret-123",
        "PINGCLI_PINGONE_WORKER_ENVIRONMENT_ID": other_env,
    }
    profile = cfg.resolve_profile(config, None, env)
    auth = profile.pingone.authentication
    assert (auth.grant_type, auth.client_id, auth.client_secret) == (
        "client_credentials", "from-env", "env-secret-123")
    assert (profile.pingone.region, profile.pingone.environment_id) == ("AU", other_env)
    # the file itself is untouched by overrides
    assert config.profiles["file-active"].pingone.authentication.client_id == "from-file"


def test_pingcli_variables_alone_make_a_transient_profile(tmp_path: Path) -> None:
    config = cfg.load_config(tmp_path / "none.yaml")
    env = {"PINGCLI_PINGONE_AUTHENTICATION_TYPE": "client_credentials",
           "PINGCLI_PINGONE_WORKER_CLIENT_ID": "ci-client",
           "PINGCLI_PINGONE_WORKER_ENVIRONMENT_ID": ENV_ID}
    profile = cfg.resolve_profile(config, None, env)
    assert profile.name == "env" and profile.is_complete
    with pytest.raises(ConfigError, match="No profile is set up yet"):
        cfg.resolve_profile(config, None, {})


def test_bad_environment_variable_is_named(tmp_path: Path) -> None:
    config = _two_profiles(tmp_path)
    with pytest.raises(ConfigError, match=r"\$PINGCLI_PINGONE_REGION_CODE: 'MARS'"):
        cfg.resolve_profile(config, None, {"PINGCLI_PINGONE_REGION_CODE": "MARS"})
