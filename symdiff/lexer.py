"""Tokenizer for the Lark parser: one master regex over the grammar's terminals.

Imported lazily by ``parse`` (it imports lark). The terminal definitions
come from ``grammar/symdiff.lark`` via Lark's lexer configuration.
"""
from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer


class Tok:
    """A light token (Lark's ``Token`` costs more to build than to parse):
    the fields Lark's LALR parser and our builder read."""
    __slots__ = ("type", "value", "start_pos", "line", "column")

    def __init__(self, type, value, start_pos, line, column):
        self.type, self.value, self.start_pos, self.line, self.column = (
            type, value, start_pos, line, column)

    end_line = end_column = end_pos = None   # read by Lark at end of input

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r})"


class SymdiffLexer(Lexer):
    """One master regex over the grammar's own terminals (so the .lark file
    stays the single source): ~3x less per-token overhead than Lark's basic
    lexer, which matters because parsing is the floor of parse+diff speed."""

    def __init__(self, conf):
        terms = sorted(conf.terminals, key=lambda t: (-t.priority, -t.pattern.max_width,
                                                       -len(t.pattern.value), t.name))
        self.ignore = set(conf.ignore)
        self.regex = re.compile("|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})"
                                         for t in terms))

    __future_interface__ = 0   # Lark hands lex() the whole text

    def lex(self, text):
        match, ignore, n, pos = self.regex.match, self.ignore, len(text), 0
        multiline = "\n" in text
        while pos < n:
            m = match(text, pos)
            if m is None:
                line, col = _line_col(text, pos)
                raise UnexpectedCharacters(text, pos, line, col)
            kind = m.lastgroup
            end = m.end()
            if kind not in ignore:
                line, col = _line_col(text, pos) if multiline else (1, pos + 1)
                yield Tok(kind, m.group(), pos, line, col)
            pos = end


def _line_col(text: str, pos: int) -> tuple:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


