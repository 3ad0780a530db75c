"""The command-line front door and `pingtui profiles ...`, driven as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from pingtui import __version__
from pingtui.cli import build_parser

ENV_ID = "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"


def test_version_and_help_list_the_contract() -> None:
    proc = subprocess.run([sys.executable, "-m", "pingtui", "--version"], capture_output=True,
                          text=True, check=True)
    assert proc.stdout.strip() == f"pingtui {__version__}"
    help_text = build_parser().format_help()
    for command in ("profiles", "init", "auth", "environments", "populations", "users",
                    "groups", "applications", "--demo", "--profile", "--output", "--config"):
        assert command in help_text


def test_usage_errors_exit_2(run_cli) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli("users", "list")  # --environment is required
    assert info.value.code == 2


def test_global_options_work_after_the_command(run_cli, config_file) -> None:
    assert run_cli("profiles", "add", "a").code == 0
    result = run_cli("profiles", "list", "-o", "json")
    assert json.loads(result.out)[0]["name"] == "a"


def test_profile_lifecycle(run_cli, config_file) -> None:
    assert run_cli("profiles", "list").out.splitlines()[1:] == []
    assert run_cli("profiles", "add", "work", "--description", "My [prod] tenant").code == 0
    assert run_cli("profiles", "add", "lab").code == 0
    assert "already exists" in run_cli("profiles", "add", "lab").err

    table = run_cli("profiles", "list").out.splitlines()
    assert table[0].split()[:2] == ["ACTIVE", "NAME"]
    assert table[1].split()[:2] == ["*", "work"] and "My [prod] tenant" in table[1]
    assert table[2].split()[0] == "lab"

    assert run_cli("profiles", "use", "lab").code == 0
    assert yaml.safe_load(config_file.read_text())["activeProfile"] == "lab"
    assert [p["name"] for p in yaml.safe_load(run_cli("profiles", "list", "-o", "yaml").out)
            if p["active"]] == ["lab"]

    assert run_cli("profiles", "rename", "lab", "lab2").code == 0
    data = yaml.safe_load(config_file.read_text())
    assert data["activeProfile"] == "lab2" and list(data["profiles"]) == ["work", "lab2"]

    refused = run_cli("profiles", "delete", "lab2", "--yes")
    assert refused.code == 1 and "active profile" in refused.err
    no_tty = run_cli("profiles", "delete", "work")
    assert no_tty.code == 2 and "--yes" in no_tty.err
    kept = run_cli("profiles", "delete", "work", stdin="n\n", tty=True)
    assert kept.code == 0 and "work" in yaml.safe_load(config_file.read_text())["profiles"]
    gone = run_cli("profiles", "delete", "work", stdin="y\n", tty=True)
    assert gone.code == 0 and "work" not in yaml.safe_load(config_file.read_text())["profiles"]
    assert "no profile named 'ghost'" in run_cli("profiles", "use", "ghost").err


def test_bad_profile_names_are_refused(run_cli, config_file) -> None:
    result = run_cli("profiles", "add", "has space")
    assert result.code == 1 and "not a valid profile name" in result.err
    assert not config_file.exists()


def test_show_masks_secrets(run_cli, config_file) -> None:
    result = run_cli("init", "-P", "ci", "--grant-type", "client_credentials",
                     "--environment-id", ENV_ID, "--client-id", "cid", "--storage", "file",
                     "--client-secret-stdin", stdin="s3cret-value-123\n")
    assert result.code == 0, result
    for argv in (("profiles", "show", "ci"), ("profiles", "show", "ci", "-o", "json"),
                 ("profiles", "list", "-o", "json")):
        out = run_cli(*argv).out
        assert "s3cret-value-123" not in out and "********" in out


def test_show_without_an_active_profile_asks_which(run_cli, config_file) -> None:
    result = run_cli("profiles", "show")
    assert result.code == 2 and "no active profile" in result.err


def test_table_output_never_passes_terminal_escapes() -> None:
    import io

    from pingtui.output import Column, RowWriter, field

    out = io.StringIO()
    with RowWriter("table", [Column("NAME", field("name"))], out, width=80) as writer:
        writer.write({"name": "evil\x1b[2Jname\x07"})
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "evil" in out.getvalue() and "name" in out.getvalue()


def test_table_columns_line_up_with_wide_characters() -> None:
    import io

    from pingtui.output import Column, RowWriter, cell_width, field

    out = io.StringIO()
    columns = [Column("NAME", field("name"), 12), Column("REGION", field("region"))]
    with RowWriter("table", columns, out, width=40) as writer:
        writer.write({"name": "東京 Development", "region": "AP"})
        writer.write({"name": "Zürich", "region": "EU"})
    lines = out.getvalue().splitlines()
    starts = [cell_width(line[: line.index(tail)]) for line, tail in
              zip(lines, ("REGION", "AP", "EU"))]
    assert starts == [14, 14, 14]
    assert lines[1].startswith("東京 Develo…") and lines[1].endswith("AP")
