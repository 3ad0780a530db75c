"""`pingtui completion bash|zsh|fish`: the script a shell sources, and the answers to TAB.

bash is driven for real (the printed script sourced, its completion function called the way
bash calls it on TAB). zsh and fish are not installed on the test machine: their scripts are
checked for the registration line, and pingtui is asked exactly as those scripts ask it
(argcomplete's environment protocol), with the answer read back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent  # the venv's bin: the `pingtui` the shell runs on TAB
PROFILES = """\
activeProfile: work
profiles:
  work: {}
  prod-eu: {}
  prod-na: {}
"""


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(PROFILES)
    return path


def _env(config: Path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PINGTUI_CONFIG": str(config)}


BASH_DRIVER = r"""
source <(pingtui completion bash) || exit 9
line="$1"
COMP_LINE="$line"; COMP_POINT=${#line}; COMP_TYPE=9
read -ra COMP_WORDS <<<"$line"
[[ "$line" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_python_argcomplete pingtui
printf '%s\n' "${COMPREPLY[@]}"
"""


def bash_complete(line: str, config: Path) -> list[str]:
    done = subprocess.run(["bash", "-c", BASH_DRIVER, "driver", line], check=False,
                          capture_output=True, text=True, timeout=60, env=_env(config))
    assert done.returncode == 0, done
    return [word.strip() for word in done.stdout.splitlines() if word.strip()]


@pytest.mark.parametrize("line, expected", [
    ("pingtui profiles use ", ["work", "prod-eu", "prod-na"]),
    ("pingtui profiles delete prod", ["prod-eu", "prod-na"]),
    ("pingtui profiles rename w", ["work"]),
    ("pingtui -P prod-", ["prod-eu", "prod-na"]),
    ("pingtui users list --profile w", ["work"]),
    ("pingtui completion ", ["bash", "zsh", "fish"]),
    ("pingtui environments list -o ", ["table", "json"]),
    ("pingtui us", ["users"]),
    ("pingtui pop", ["populations"]),
    ("pingtui auth ", ["login", "logout", "status", "token"]),
    ("pingtui init --grant-", ["--grant-type"]),
])
def test_bash_completes_commands_options_kinds_and_profiles(profiles: Path, line: str,
                                                            expected: list[str]) -> None:
    words = bash_complete(line, profiles)
    assert set(expected) <= set(words), words


def test_a_new_profile_name_is_not_completed(profiles: Path) -> None:
    # (bash then falls back to file names: `-o default`)
    assert not {"work", "prod-eu"} & set(bash_complete("pingtui profiles add ", profiles))


def test_an_unreadable_config_completes_no_profiles_and_prints_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "config.yaml"
    broken.write_text("profiles: [unclosed\n")
    assert "work" not in bash_complete("pingtui profiles use ", broken)
    assert "login" in bash_complete("pingtui auth l", broken)


def _ask(shell: str, line: str, config: Path, tmp_path: Path) -> str:
    """Ask pingtui for completions the way the zsh/fish scripts do (argcomplete's protocol)."""
    answer = tmp_path / f"{shell}.out"
    env = {**_env(config), "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": shell,
           "COMP_LINE": line, "COMP_POINT": str(len(line)), "_ARGCOMPLETE_SUPPRESS_SPACE": "1",
           "_ARGCOMPLETE_STDOUT_FILENAME": str(answer)}
    if shell == "fish":
        env.update({"_ARGCOMPLETE_DFS": "\t", "_ARGCOMPLETE_IFS": "\n"})
    done = subprocess.run([str(BIN / "pingtui")], check=False, capture_output=True, text=True,
                          timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done
    return answer.read_text()


@pytest.mark.parametrize("shell, registration", [
    ("zsh", "compdef _python_argcomplete pingtui"),
    ("fish", "complete --command pingtui"),
])
def test_zsh_and_fish_scripts_register_and_get_answers(shell: str, registration: str,
                                                       profiles: Path, tmp_path: Path,
                                                       run_cli) -> None:
    script = run_cli("completion", shell)
    assert script.code == 0 and registration in script.out
    answer = _ask(shell, "pingtui profiles use prod", profiles, tmp_path)
    assert "prod-eu" in answer and "prod-na" in answer and "work" not in answer
    assert "users" in _ask(shell, "pingtui us", profiles, tmp_path)


def test_unknown_shell_is_a_usage_error(run_cli, capsys) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's own usage error
        run_cli("completion", "powershell")
    assert exited.value.code == 2 and "choose from 'bash', 'zsh', 'fish'" in capsys.readouterr().err


def test_an_ordinary_run_never_imports_argcomplete(profiles: Path) -> None:
    code = ("import sys; from pingtui.cli import main; main(['profiles', 'list']); "
            "print('argcomplete' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          timeout=60, env=_env(profiles))
    assert done.stdout.strip().endswith("False"), done
