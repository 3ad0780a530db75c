"""The breadcrumb of the describe and x-ray screens: the way that led to what is shown
(``Administrators  PRODUCTION  › Users › ada.lovelace › Groups``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from pingtui.output import printable

SEPARATOR = " › "
PRODUCTION_BADGE = " PRODUCTION "
"""Shown in reverse video beside a PRODUCTION environment's name: legible in every theme."""


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb; ``production`` marks a PRODUCTION environment."""

    text: str
    production: bool = False


def crumbs_text(crumbs: Sequence[Crumb]) -> Text:
    """The breadcrumb as Text (API names stay literal); PRODUCTION crumbs carry a badge."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for i, crumb in enumerate(crumbs):
        if i:
            text.append(SEPARATOR, style="dim")
        text.append(printable(crumb.text), style="bold" if i == len(crumbs) - 1 else "")
        if crumb.production:
            text.append(" ")
            text.append(PRODUCTION_BADGE, style="bold reverse")
    return text
