"""`pingtui profiles import-pingcli`: Ping CLI's layout, read-only, clashes and skips."""

from __future__ import annotations

from pathlib import Path

import yaml

ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
OLD_ENV = "11111111-2222-4333-8444-555555555555"

PINGCLI = f"""\
activeProfile: prod
prod:
  description: Production tenant
  service:
    pingOne:
      regionCode: EU
      authentication:
        type: authorization_code
        environmentID: {ENV_ID}
        authorizationCode: {{clientID: ac-client, redirectURIPort: "7465", redirectURIPath: /callback}}
legacy:
  service:
    PINGONE:
      REGIONCODE: na
      Authentication:
        Type: worker
        Worker: {{ClientID: worker-client, EnvironmentID: {OLD_ENV}}}
headless:
  service:
    pingone:
      regionCode: AP
      authentication:
        type: deviceCode
        deviceCode: {{clientID: dc-client}}
        environmentID: {ENV_ID}
nopingone:
  description: only PingFederate
  service:
    pingFederate: {{httpsHost: https://pf.example.com}}
noclient:
  service:
    pingOne:
      authentication: {{type: device_code, environmentID: {ENV_ID}}}
"""


def write_pingcli(home: Path, text: str = PINGCLI) -> Path:
    path = home / ".pingcli" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_import_reads_every_layout_and_reports_skips(run_cli, config_file,
                                                     isolated_user: Path) -> None:
    source = write_pingcli(isolated_user)
    before = source.read_bytes()
    result = run_cli("profiles", "import-pingcli")
    assert result.code == 0, result
    assert "imported  prod" in result.err and "imported  legacy" in result.err
    assert "skipped   nopingone: no PingOne settings" in result.err
    assert "skipped   noclient: no client ID for device_code" in result.err
    assert "Imported 3 of 5 profiles" in result.err
    assert source.read_bytes() == before  # read-only

    data = yaml.safe_load(config_file.read_text())
    assert data["activeProfile"] == "prod"
    prod = data["profiles"]["prod"]
    assert prod["description"] == "Production tenant"
    assert prod["pingone"]["region"] == "EU"
    assert prod["pingone"]["authentication"]["redirectURIPort"] == 7465
    legacy = data["profiles"]["legacy"]["pingone"]
    assert legacy["environmentID"] == OLD_ENV
    assert legacy["authentication"]["grantType"] == "client_credentials"
    assert data["profiles"]["headless"]["pingone"]["authentication"]["grantType"] == "device_code"


def test_name_clashes_get_a_suffix_or_are_overwritten(run_cli, config_file,
                                                      isolated_user: Path) -> None:
    write_pingcli(isolated_user)
    run_cli("profiles", "add", "prod", "--description", "mine")
    first = run_cli("profiles", "import-pingcli")
    assert first.code == 0 and "imported  prod as prod-pingcli\n" in first.err
    second = run_cli("profiles", "import-pingcli")
    assert "imported  prod as prod-pingcli-2\n" in second.err
    profiles = yaml.safe_load(config_file.read_text())["profiles"]
    assert profiles["prod"]["description"] == "mine"
    assert profiles["prod-pingcli"]["description"] == "Production tenant"
    assert "prod-pingcli-2" in profiles
    assert run_cli("profiles", "import-pingcli", "--overwrite").code == 0
    profiles = yaml.safe_load(config_file.read_text())["profiles"]
    assert profiles["prod"]["description"] == "Production tenant"


def test_missing_or_broken_pingcli_config(run_cli, config_file, tmp_path: Path) -> None:
    missing = run_cli("profiles", "import-pingcli", "--path", str(tmp_path / "nope.yaml"))
    assert missing.code == 1 and "no Ping CLI config" in missing.err
    broken = tmp_path / "broken.yaml"
    broken.write_text("prod: [\n")
    result = run_cli("profiles", "import-pingcli", "--path", str(broken))
    assert result.code == 1 and f"{broken}:2:1" in result.err
    assert not config_file.exists()
