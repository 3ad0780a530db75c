"""A `$BROWSER` for end-to-end CLI tests: `python browse_cli.py URL` walks the sign-on pages
with the scripted user agent (webbrowser runs it, as it would run firefox)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auth.browser import ScriptedBrowser

if __name__ == "__main__":
    response = asyncio.run(ScriptedBrowser(login="carol").authorize(sys.argv[1]))
    sys.exit(0 if response.status_code == 200 else 1)
