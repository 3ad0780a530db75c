"""``e``: write the rows the table shows (filter applied) to a CSV or JSON file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

if TYPE_CHECKING:
    from pingtui.output import Column


def write_export(path: Path, fmt: str, columns: Sequence[Column],
                 rows: Sequence[Mapping[str, Any]]) -> int:
    """Blocking file write (call from a thread): CSV of the columns, or JSON of the objects."""
    from pingtui.output import RowWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream, \
            RowWriter(fmt, list(columns), stream) as out:
        for row in rows:
            out.write(row)
    return len(rows)


NOTE = "Enter writes the file · ctrl+t switches CSV/JSON (or Tab to the choice) · esc cancels"


class ExportScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        # From the file name itself (the Input does not bind ctrl+t): no Tab, no risk to it.
        Binding("ctrl+t", "toggle_format", "CSV/JSON", id="export.format"),
    ]

    @dataclass
    class Written(Message):
        path: Path
        count: int

    def __init__(self, kind: str, columns: Sequence[Column],
                 rows: Sequence[Mapping[str, Any]]) -> None:
        super().__init__()
        self.kind = kind
        self.columns = columns
        self.rows = list(rows)

    def _what(self) -> str:
        """``1 population``, ``3 sign-on policy actions`` (as the tab's count line words it)."""
        from pingtui.api.resources import RESOURCES

        spec = RESOURCES.get(self.kind)
        if spec is None:
            return f"{len(self.rows):,} {self.kind}"
        return f"1 {spec.singular}" if len(self.rows) == 1 else \
            f"{len(self.rows):,} {spec.title.lower()}"

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Static(Text(f"Export {self._what()} (as shown, filter applied)"),
                         classes="dialog-title")
            with RadioSet(id="export-format"):
                yield RadioButton("CSV (the table's columns)", id="fmt-csv", value=True)
                yield RadioButton("JSON (the full objects)", id="fmt-json")
            # Relative to the directory pingtui was started in, like a shell path.
            # Not selected on focus: a key typed first (a space, a letter meant for the
            # format) edits the name instead of replacing it.
            yield Input(f"{self.kind}.csv", id="export-path", select_on_focus=False)
            yield Static(NOTE, id="export-note", classes="dialog-note", markup=False)

    def on_mount(self) -> None:
        line = self.query_one(Input)
        line.focus()
        line.cursor_position = len(line.value)

    def action_toggle_format(self) -> None:
        """CSV <-> JSON without leaving the file name (its suffix follows)."""
        json_button = self.query_one("#fmt-json", RadioButton)
        target = "#fmt-csv" if json_button.value else "#fmt-json"
        self.query_one(target, RadioButton).value = True

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        path_input = self.query_one(Input)
        path = Path(path_input.value)
        suffix = ".json" if event.pressed.id == "fmt-json" else ".csv"
        if path.suffix in (".csv", ".json", ""):
            path_input.value = str(path.with_suffix(suffix))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.app.bell()
            return
        path = Path(value).expanduser()
        pressed = self.query_one(RadioSet).pressed_button
        fmt = "json" if (path.suffix == ".json" or (pressed and pressed.id == "fmt-json")) \
            else "csv"
        self.write(path, fmt)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def write(self, path: Path, fmt: str) -> None:
        try:
            count = write_export(path, fmt, self.columns, self.rows)
        except OSError as exc:
            note = f"Could not write {path}: {exc.strerror or exc}. Pick another path."
            self.app.call_from_thread(self._note, note)
            return
        self.post_message(self.Written(path, count))

    def _note(self, text: str) -> None:
        self.query_one("#export-note", Static).update(Text(text))
        self.query_one("#export-note").add_class("-invalid")

    def on_export_screen_written(self, message: ExportScreen.Written) -> None:
        self.notify(f"Wrote {message.count} {self.kind} to {message.path}.", markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
