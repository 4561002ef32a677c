"""Exceptions: every user-facing failure is a :class:`SymdiffError`."""
from __future__ import annotations


class SymdiffError(Exception):
    """Base class of all errors symdiff raises on bad input or bad use."""


class LimitError(SymdiffError):
    """A configured resource limit (integer size, depth, ...) was exceeded."""


class ParseError(SymdiffError):
    """Text that is not a valid expression.

    Carries ``line`` and ``column`` (1-based) and renders the offending line
    with a caret under the problem, plus an optional hint.
    """

    def __init__(self, message: str, text: str = "", line: int = 1,
                 column: int = 1, hint: str = ""):
        self.message, self.text, self.line, self.column = message, text, line, column
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        out = [f"{self.message} (line {self.line}, column {self.column})"]
        lines = self.text.split("\n")
        if self.text and 1 <= self.line <= len(lines):
            src = lines[self.line - 1]
            col = self.column - 1
            if len(src) > 120:  # window long lines around the problem
                start = max(0, col - 60)
                prefix = "..." if start else ""
                src, col = prefix + src[start:start + 120], col - start + len(prefix)
            out += ["  " + src, "  " + " " * col + "^"]
        if self.hint:
            out.append("hint: " + self.hint)
        return "\n".join(out)
