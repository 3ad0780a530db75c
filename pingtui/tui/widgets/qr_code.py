"""A QR code drawn in text (half blocks), dark modules on a light background so phones read it.

segno is imported when a code is first drawn: it is not needed to paint anything else.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_lines(data: str, *, border: int = 1) -> list[str]:
    """The QR code of ``data`` as lines where ink is *light* (the widget's colour is white).

    Drawing the light modules as ink makes the code correct whatever the terminal's colours:
    the widget's background is the dark module colour.
    """
    import segno

    qr = segno.make(data, error="l", micro=False)
    size = len(qr.matrix)
    def light(y: int, x: int) -> bool:
        inside = 0 <= y < size and 0 <= x < size
        return not (inside and bool(qr.matrix[y][x]))

    lines = []
    for y in range(-border, size + border, 2):
        lines.append("".join(_HALF[(light(y, x), light(y + 1, x) if y + 1 < size + border
                                    else False)]
                             for x in range(-border, size + border)))
    return lines


class QRCode(Static):
    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; color: white; background: black; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.data = ""

    def show(self, data: str) -> None:
        self.data = data
        self.update(Text("\n".join(qr_lines(data))))
