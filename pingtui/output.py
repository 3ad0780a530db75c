"""Command-line output: a table like Ping CLI's, or json / ndjson / csv / yaml — all streamed.

Rows arrive page by page (a listing streams as PingOne answers) and every format writes each
page as it arrives, so memory stays flat whatever the size of the collection:

- ``table`` and ``csv``: column widths are fixed up front (the last column takes what is left of
  the terminal), one write per page.
- ``json``: one array, indented by two as ``json.dumps(indent=2)`` writes it (the same bytes),
  opened at the first page and closed by :meth:`RowWriter.close`. A listing that fails part-way
  is left without its closing bracket, so no parser takes it for the whole list.
- ``ndjson``: one compact object a line (Ping CLI's ``ndjson``).
- ``yaml``: a sequence, one page at a time through libyaml's C emitter when PyYAML has it.

JSON is encoded by orjson a page of 100 objects or more at a time (measured in bench/scale.py:
10,000 environments indented in 16 ms against 226 ms for the stdlib, whose C encoder cannot
indent), else by the stdlib, whose import is free (:mod:`pingtui.jsonio`); both give the same
bytes for what PingOne sends.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

FORMATS = ("table", "json", "ndjson", "csv", "yaml")


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
            # dict first: decoded JSON is always a dict, and the ABC check costs 3x as much
            # on every cell of a million-row listing.
            if not isinstance(value, (dict, Mapping)):
                return ""
            value = value.get(part)
        return "" if value is None else value

    return get


def cell_text(value: Any) -> str:
    if type(value) is str:  # the common cell, decided without the checks below
        return " ".join(value.split())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, (dict, Mapping)):
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
    if text.isascii():  # one cell a character: no per-character lookups (most of a table)
        return text.ljust(width) if len(text) <= width else text[:width - 1] + "…"
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


def _yaml_bytes(data: Any) -> bytes:
    """``yaml.safe_dump(data, sort_keys=False, allow_unicode=True)`` as UTF-8 (the same bytes),
    through libyaml's C emitter when PyYAML was built with it.

    PyYAML's representer is pure Python even under the C dumper and was most of the cost;
    what PingOne sends is JSON (dicts, lists, str, int, bool, None), so its nodes are built
    here directly (anything else goes through the representer as before), in slices of 100
    items (small trees: less garbage-collector work). 10,000 environments: 10.5 s before,
    0.8 s (bench/scale.py). libyaml writes characters beyond U+FFFF escaped ("\\U0001F52C"),
    which loads back the same.
    """
    import yaml
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    dumper_class = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    if not isinstance(data, (list, dict)):  # a lone value (a query's): as safe_dump writes it
        return yaml.dump(data, Dumper=dumper_class, allow_unicode=True,
                         encoding="utf-8")
    tag = "tag:yaml.org,2002:"
    s, m, q, b, i, n = (tag + t for t in ("str", "map", "seq", "bool", "int", "null"))
    out = io.BytesIO()

    def node(o: Any, represent: Any) -> Node:
        t = type(o)
        if t is str:
            return ScalarNode(s, o)
        if t is dict:
            return MappingNode(m, [(node(k, represent), node(v, represent))
                                   for k, v in o.items()], flow_style=False)
        if t is list:
            return SequenceNode(q, [node(v, represent) for v in o], flow_style=False)
        if t is bool:
            return ScalarNode(b, "true" if o else "false")
        if t is int:
            return ScalarNode(i, str(o))
        if o is None:
            return ScalarNode(n, "null")
        return represent(o)  # type: ignore[no-any-return]  # floats, anything else

    for part in ([data[k:k + 100] for k in range(0, len(data), 100)] or [data]
                 if isinstance(data, list) else [data]):
        dumper = dumper_class(out, allow_unicode=True, encoding="utf-8",
                              default_flow_style=False, sort_keys=False)
        try:
            dumper.open()
            dumper.serialize(node(part, dumper.represent_data))
            dumper.close()
        finally:
            dumper.dispose()
    return out.getvalue()


class _Bytes:
    """Writes UTF-8 bytes to a text stream: to its binary buffer when it has one (stdout),
    else decoded (StringIO in tests)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        buffer = getattr(stream, "buffer", None)
        self.buffer = buffer if buffer is not None and hasattr(buffer, "write") else None

    def write(self, data: bytes) -> None:
        if self.buffer is not None:
            self.stream.flush()  # text written before (none in these formats) goes first
            self.buffer.write(data)
            self.buffer.flush()
        else:
            self.stream.write(data.decode("utf-8"))
            self.stream.flush()


class RowWriter:
    """Writes rows in one output format; use as a context manager, then ``count``.

    ``write_page`` writes a page at once (the listing's path: one write per page); ``write``
    one object. ``close`` ends the document (json's closing bracket); a writer that is not
    closed — the listing failed — leaves json without it.
    """

    def __init__(self, fmt: str, columns: list[Column], stream: TextIO,
                 width: int | None = None) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r}")
        self.fmt = fmt
        self.columns = columns
        self.stream = stream
        self.width = width or shutil.get_terminal_size((120, 24)).columns
        self.count = 0
        self.closed = False
        self._bytes = _Bytes(stream) if fmt in ("json", "ndjson", "yaml") else None
        self._csv: Any = None
        if fmt == "csv":
            import csv

            self._csv = csv.writer(stream)

    def __enter__(self) -> RowWriter:
        if self.fmt == "table":
            self.stream.write(self._table_line([c.header for c in self.columns]))
            self.stream.flush()
        elif self._csv:
            self._csv.writerow([c.header for c in self.columns])
            self.stream.flush()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()

    def _table_line(self, cells: list[str]) -> str:
        parts, used = [], 0
        for column, text in zip(self.columns, map(printable, cells)):
            if column.width is None:
                parts.append(fit(text, max(self.width - used, 10)))
            else:
                parts.append(fit(text, column.width))
                used += column.width + 2
        return "  ".join(parts).rstrip() + "\n"

    def _cells(self, obj: Mapping[str, Any]) -> list[str]:
        return [cell_text(c.value(obj)) for c in self.columns]

    def write(self, obj: Mapping[str, Any]) -> None:
        self.write_page([obj])

    def write_page(self, objs: Sequence[Mapping[str, Any]]) -> None:
        if not objs:
            return
        first = self.count == 0
        self.count += len(objs)
        if self._bytes is not None:
            from pingtui import jsonio  # here: the TUI's start path imports this module

            big = len(objs) >= jsonio.BIG_ITEMS
            if self.fmt == "json":
                # The page as an indented array, less its brackets: the items come out
                # indented exactly as inside the whole list.
                body = jsonio.dumps(list(objs), indent=True, big=big)[2:-2]
                self._bytes.write((b"[\n" if first else b",\n") + body)
            elif self.fmt == "ndjson":
                self._bytes.write(b"".join(jsonio.dumps(o, indent=False, big=big) + b"\n"
                                           for o in objs))
            else:
                self._bytes.write(_yaml_bytes(list(objs)))
            return
        if self._csv:
            self._csv.writerows(self._cells(o) for o in objs)
        else:
            self.stream.write("".join(self._table_line(self._cells(o)) for o in objs))
        self.stream.flush()

    def abort(self) -> None:
        """The listing failed part-way: end the last line, but never close the document (json
        stays without its closing bracket, so it does not parse as a complete list)."""
        self.closed = True
        if self._bytes is not None and self.fmt == "json" and self.count:
            self._bytes.write(b"\n")
        self.stream.flush()

    def close(self) -> None:
        """End the document: json's closing bracket (or ``[]``), yaml's ``[]`` when empty."""
        if self.closed:
            return
        self.closed = True
        if self._bytes is not None:
            if self.fmt == "json":
                self._bytes.write(b"\n]\n" if self.count else b"[]\n")
            elif self.fmt == "yaml" and not self.count:
                self._bytes.write(b"[]\n")
        self.stream.flush()


# --------------------------------------------------------------------------- one document


class Target(Protocol):
    """What :func:`write_document` needs of a command's context (``cli.Context`` has it)."""

    output: str | None
    query: str | None
    stdout: TextIO


def _value_of(key: str) -> Callable[[Mapping[str, Any]], Any]:
    """The cell of a derived column: the key itself (no dotted path: keys may hold dots)."""
    return lambda obj: "" if obj.get(key) is None else obj.get(key)


def derived_columns(data: Any) -> tuple[list[Column], list[Mapping[str, Any]]]:
    """Columns and rows for a result that has no catalog columns (a ``--query`` projection,
    ``api``): a list of objects gets one column per key (first seen first), a list of values
    one VALUE column, an object FIELD/VALUE rows, a value one cell."""
    if isinstance(data, list) and data and all(isinstance(d, Mapping) for d in data):
        keys: dict[str, None] = {}
        for obj in data:
            keys.update(dict.fromkeys(obj))
        rows: list[Mapping[str, Any]] = data
        names = list(keys)
    elif isinstance(data, list):
        rows, names = [{"value": d} for d in data], ["value"]
    elif isinstance(data, Mapping):
        rows, names = [{"field": k, "value": v} for k, v in data.items()], ["field", "value"]
    else:
        rows, names = [{"value": data}], ["value"]
    columns = []
    for i, name in enumerate(names):
        getter = _value_of(name)
        width = None
        if i < len(names) - 1:  # the last column is elastic; the others fit their widest cell
            cells = [cell_width(printable(cell_text(getter(r)))) for r in rows[:1000]]
            width = min(max([cell_width(name), *cells]), 40)
        columns.append(Column(name.upper(), getter, width))
    return columns, rows


def write_document(target: Target, data: Any, *, default: str = "json",
                   columns: Sequence[Column] | None = None) -> None:
    """Write one result (``get``, ``api``, a listing with ``--query``) in ``target.output``
    (``default`` when not given), after applying ``target.query`` to it.

    ``columns`` (a kind's catalog columns) serve table/csv when the result is still that
    kind's objects (no query): a list of them, or one of them as one row.
    """
    from pingtui import jsonio
    from pingtui.query import apply_query

    fmt = target.output or default
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    query = getattr(target, "query", None)
    data = apply_query(query, data)
    stream = target.stdout
    if fmt == "json":
        big = isinstance(data, list) and len(data) >= jsonio.BIG_ITEMS
        _Bytes(stream).write(jsonio.dumps(data, indent=True, big=big) + b"\n")
    elif fmt == "ndjson":
        items = data if isinstance(data, list) else [data]
        big = len(items) >= jsonio.BIG_ITEMS
        _Bytes(stream).write(b"".join(jsonio.dumps(d, indent=False, big=big) + b"\n"
                                      for d in items))
    elif fmt == "yaml":
        _Bytes(stream).write(_yaml_bytes(data))
    else:
        if columns is not None and not query and (
                isinstance(data, Mapping) or (isinstance(data, list) and all(
                    isinstance(d, Mapping) for d in data))):
            rows = [data] if isinstance(data, Mapping) else data
            cols = list(columns)
        else:
            cols, rows = derived_columns(data)
        with RowWriter(fmt, cols, stream) as writer:
            writer.write_page(rows)
