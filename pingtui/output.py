"""Command-line output: a table like Ping CLI's, or json / csv / yaml.

Rows arrive one by one (a listing streams page by page). Table and csv rows are written as they
arrive, so the table's column widths are fixed up front and the last column takes what is left
of the terminal; json and yaml gather the raw objects and write one document at the end.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

FORMATS = ("table", "json", "csv", "yaml")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Mapping[str, Any]], Any]
    """Reads the cell from the raw object; missing fields give '' (never assume a key)."""
    width: int | None = None
    """Fixed width in the table; None for the last, elastic column."""


def field(path: str) -> Callable[[Mapping[str, Any]], Any]:
    """A getter for a dotted path (``population.id``) that tolerates missing keys."""
    parts = path.split(".")

    def get(obj: Mapping[str, Any]) -> Any:
        value: Any = obj
        for part in parts:
            if not isinstance(value, Mapping):
                return ""
            value = value.get(part)
        return "" if value is None else value

    return get


def cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, Mapping):
        import json  # lazy: the TUI's start path imports this module for printable()

        return json.dumps(value, ensure_ascii=False)
    # One line per row: newlines and tabs in API text must not break the table.
    return " ".join(str(value).split())


# C0/C1 control characters (ESC above all) from API data must never reach a terminal.
_CONTROL = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def printable(text: str) -> str:
    return text if text.isprintable() else text.translate(_CONTROL)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes (東京 takes four), so columns line up."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with …) to exactly ``width`` terminal cells."""
    if width <= 0:
        return ""
    used = cell_width(text)
    if used <= width:
        return text + " " * (width - used)
    out, used = [], 0
    for char in text:
        w = _char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…" + " " * (width - 1 - used)


class RowWriter:
    """Writes rows in one output format; use as a context manager, then ``count``."""

    def __init__(self, fmt: str, columns: list[Column], stream: TextIO,
                 width: int | None = None) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r}")
        self.fmt = fmt
        self.columns = columns
        self.stream = stream
        self.width = width or shutil.get_terminal_size((120, 24)).columns
        self.count = 0
        self._gathered: list[Any] = []
        self._csv = None
        if fmt == "csv":
            import csv

            self._csv = csv.writer(stream)

    def __enter__(self) -> RowWriter:
        if self.fmt == "table":
            self._write_table_row([c.header for c in self.columns])
        elif self._csv:
            self._csv.writerow([c.header for c in self.columns])
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write_table_row(self, cells: list[str]) -> None:
        parts, used = [], 0
        for column, text in zip(self.columns, map(printable, cells)):
            if column.width is None:
                parts.append(fit(text, max(self.width - used, 10)))
            else:
                parts.append(fit(text, column.width))
                used += column.width + 2
        self.stream.write("  ".join(parts).rstrip() + "\n")
        self.stream.flush()

    def write(self, obj: Mapping[str, Any]) -> None:
        self.count += 1
        if self.fmt in ("json", "yaml"):
            self._gathered.append(obj)
            return
        cells = [cell_text(c.value(obj)) for c in self.columns]
        if self._csv:
            self._csv.writerow(cells)
            self.stream.flush()
        else:
            self._write_table_row(cells)

    def close(self) -> None:
        if self.fmt == "json":
            import json

            json.dump(self._gathered, self.stream, indent=2, ensure_ascii=False)
            self.stream.write("\n")
        elif self.fmt == "yaml":
            import yaml

            yaml.safe_dump(self._gathered, self.stream, sort_keys=False, allow_unicode=True)
        self._gathered = []
        self.stream.flush()
