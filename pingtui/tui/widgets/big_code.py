"""A device-code user code drawn large (a 5-pixel font in half blocks, three rows tall).

Someone reads it off a terminal across the room and types it on a phone: it must be big and
unambiguous. Characters the font lacks fall back to themselves at normal size.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

# 5 rows per glyph; '#' is ink. Widths vary (M and W need five columns).
FONT: dict[str, tuple[str, ...]] = {
    "A": (".##.", "#..#", "####", "#..#", "#..#"),
    "B": ("###.", "#..#", "###.", "#..#", "###."),
    "C": (".###", "#...", "#...", "#...", ".###"),
    "D": ("###.", "#..#", "#..#", "#..#", "###."),
    "E": ("####", "#...", "###.", "#...", "####"),
    "F": ("####", "#...", "###.", "#...", "#..."),
    "G": (".###", "#...", "#.##", "#..#", ".###"),
    "H": ("#..#", "#..#", "####", "#..#", "#..#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..##", "...#", "...#", "#..#", ".##."),
    "K": ("#..#", "#.#.", "##..", "#.#.", "#..#"),
    "L": ("#...", "#...", "#...", "#...", "####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".##.", "#..#", "#..#", "#..#", ".##."),
    "P": ("###.", "#..#", "###.", "#...", "#..."),
    "Q": (".##.", "#..#", "#..#", "#.##", ".###"),
    "R": ("###.", "#..#", "###.", "#.#.", "#..#"),
    "S": (".###", "#...", ".##.", "...#", "###."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#..#", "#..#", "#..#", "#..#", ".##."),
    "V": ("#...#", "#...#", ".#.#.", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("####", "...#", ".##.", "#...", "####"),
    "0": (".##.", "#..#", "#..#", "#..#", ".##."),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###.", "...#", ".##.", "#...", "####"),
    "3": ("###.", "...#", ".##.", "...#", "###."),
    "4": ("#..#", "#..#", "####", "...#", "...#"),
    "5": ("####", "#...", "###.", "...#", "###."),
    "6": (".##.", "#...", "###.", "#..#", ".##."),
    "7": ("####", "...#", "..#.", ".#..", ".#.."),
    "8": (".##.", "#..#", ".##.", "#..#", ".##."),
    "9": (".##.", "#..#", ".###", "...#", ".##."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..", "..", "..", "..", ".."),
}
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def render_big(code: str) -> str | None:
    """Three lines of half blocks, or None when ``code`` has a character the font lacks."""
    glyphs = []
    for char in code.upper():
        if char not in FONT:
            return None
        glyphs.append(FONT[char])
    if not glyphs:
        return None
    rows = ["." .join(g[r] for g in glyphs) for r in range(5)] + [""]
    rows[5] = "." * len(rows[0])
    lines = []
    for top, bottom in ((0, 1), (2, 3), (4, 5)):
        lines.append("".join(_HALF[(rows[top][i] == "#", rows[bottom][i] == "#")]
                             for i in range(len(rows[0]))).rstrip())
    return "\n".join(lines)


class BigCode(Static):
    """The user code, large when it fits the font (and the width), plain otherwise."""

    DEFAULT_CSS = """
    BigCode { width: auto; height: auto; color: $text-accent; text-style: bold; }
    """

    def __init__(self, code: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.code = code

    def show(self, code: str) -> None:
        self.code = code
        big = render_big(code)
        # The plain code stays underneath: screen readers and copy-by-mouse get real letters.
        text = Text(f"{big}\n\n{' '.join(code)}" if big else code)
        self.update(text)
