"""What a TAB costs: `pingtui` answering a shell's completion request, beside two baselines
measured in the same run, interleaved: `pingtui --version` (interpreter start, `pingtui.cli`
and the whole parser, which --version builds too) and a bare `python -c pass`. Whole
processes, as the shell runs them.

    .venv/bin/python bench/completion.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "pingtui"
PROFILES = "activeProfile: work\nprofiles:\n" + "".join(f"  p{i}: {{}}\n" for i in range(50))


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True, pass_fds=())
    return time.perf_counter() - start


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(PROFILES)
        out = Path(tmp) / "answer"
        base = {**os.environ, "PINGTUI_CONFIG": str(config)}
        line = "pingtui profiles use p"
        tab = {**base, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": line,
               "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out)}
        answers, versions, bare = [], [], []
        for _ in range(runs):  # interleaved: machine noise hits all three
            answers.append(_time([str(BIN)], tab))
            versions.append(_time([str(BIN), "--version"], base))
            bare.append(_time([sys.executable, "-c", "pass"], base))
        words = len(out.read_text().split())
    a, v, b = (statistics.median(x) * 1000 for x in (answers, versions, bare))
    print(f"TAB answer ({words} profile names): {a:.0f} ms | pingtui --version: {v:.0f} ms "
          f"(ratio {a / v:.2f}) | python -c pass: {b:.0f} ms  (medians of {runs})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
