"""Line numbers for TOML key paths: tomllib parses without positions, so we scan the text ourselves.

`key_lines(text)` maps every key path to the line (1-based) where it is written:
`("targets", "CIN8", "2022-23")`, `("indicators", "local", 1, "kind")` for the second
`[[indicators.local]]`, `("indicators", "include", 3)` for an array element, and the tables that
a header implies (`[value_maps.t.c]` also places `("value_maps",)` and `("value_maps", "t")`).
The scanner assumes the text is valid TOML (tomllib has already accepted it); it only needs to
follow strings, comments, brackets and braces well enough not to be fooled by them.
"""

from __future__ import annotations

Path = tuple[str | int, ...]

_BARE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.array_tables: dict[Path, int] = {}  # path of an array of tables → index of its last element

    # --- low-level movement ---------------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + count]
        self.line += chunk.count("\n")
        self.pos += len(chunk)

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and comments (and newlines when inside an array or between statements)."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.peek() not in ("\n", ""):
                    self.advance()
            else:
                return

    def record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    # --- grammar ----------------------------------------------------------------------------------------

    def scan(self) -> dict[Path, int]:
        prefix: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            start = self.pos
            if self.peek() == "[":
                prefix = self.header()
            else:
                self.key_value(prefix)
            if self.pos == start:  # never loop on text the grammar above does not expect
                self.advance()

    def header(self) -> Path:
        line = self.line
        is_array = self.peek(1) == "["
        self.advance(2 if is_array else 1)
        keys = self.dotted_key()
        self.advance(2 if is_array else 1)
        path: Path = ()
        for position, key in enumerate(keys):
            path = (*path, key)
            if position == len(keys) - 1 and is_array:
                index = self.array_tables.get(path, -1) + 1
                self.array_tables[path] = index
                self.record(path, line)
                path = (*path, index)
            elif path in self.array_tables:
                # [a.b] after [[a]] is a sub-table of the last element of a.
                path = (*path, self.array_tables[path])
            self.record(path, line)
        return path

    def key_value(self, prefix: Path) -> None:
        line = self.line
        path = prefix
        for key in self.dotted_key():
            path = (*path, key)
            self.record(path, line)
        self.skip_blank(newlines=False)
        self.advance()  # "="
        self.skip_blank(newlines=False)
        self.value(path)

    def dotted_key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            keys.append(self.string() if self.peek() in "\"'" else self.bare_key())
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return keys
            self.advance()

    def bare_key(self) -> str:
        start = self.pos
        while self.peek() in _BARE_CHARS and self.peek() != "":
            self.advance()
        return self.text[start : self.pos]

    def value(self, path: Path) -> None:
        char = self.peek()
        if char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        elif char in "\"'":
            self.string()
        else:  # number, boolean, date or time: runs to a delimiter
            while self.peek() not in ("", ",", "]", "}", "\n", "#"):
                self.advance()

    def array(self, path: Path) -> None:
        self.advance()  # "["
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() in ("]", ""):
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.record((*path, index), self.line)
            self.value((*path, index))
            index += 1

    def inline_table(self, path: Path) -> None:
        self.advance()  # "{"
        while True:
            self.skip_blank(newlines=True)
            if self.peek() in ("}", ""):
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.key_value(path)

    def string(self) -> str:
        """Read a basic or literal string (single- or multi-line) and return its content."""
        quote = self.peek()
        triple = self.text.startswith(quote * 3, self.pos)
        delimiter = quote * 3 if triple else quote
        self.advance(len(delimiter))
        chars: list[str] = []
        while self.pos < len(self.text) and not self.text.startswith(delimiter, self.pos):
            if quote == '"' and self.peek() == "\\":
                chars.append(_ESCAPES.get(self.peek(1), self.peek(1)))
                self.advance(2)
            else:
                chars.append(self.peek())
                self.advance()
        self.advance(len(delimiter))
        # A multi-line string may end with up to two extra quotes inside the closing delimiter.
        while triple and self.peek() == quote:
            self.advance()
        return "".join(chars)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "b": "\b", "f": "\f"}


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path in a TOML text to its 1-based line number."""
    return _Scanner(text).scan()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its nearest written parent (a missing key is reported at its table)."""
    for end in range(len(path), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None
