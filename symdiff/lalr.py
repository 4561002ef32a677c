"""The LALR driver that runs symdiff's parse tables, without importing lark.

Lark compiles ``grammar/symdiff.lark`` into terminals and LALR tables
(``symdiff.lexer`` reads them out of a Lark parser). Those tables are plain
data, so they are also stored in ``symdiff/_tables.py`` (regenerate with
``python -m symdiff.lalr``): the command line then starts without importing
or running lark at all (lark costs ~35 ms to import). The stored tables are
used only while their grammar hash matches the grammar file; otherwise
parsing builds them with lark as before. Lark is imported on the error path
only, to raise its exceptions.

The driver does less per token than Lark's general-purpose loop: a master
regex for the tokens, plain-dict action tables, and no callback at all for
the pass-through reductions of ``?rule`` levels (``atom -> power -> unary
-> product -> sum``), which are most reductions in an expression grammar.
Reductions that build something reproduce Lark's child filtering and
inlining, so the result is exactly what ``Lark.parse`` returns.
"""
from __future__ import annotations

import re


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


def _line_col(text: str, pos: int) -> tuple:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _reducer(spec: tuple, build):
    """The value of reducing a rule, as Lark's tree builder would compute it
    (same kept children, ``_rule`` inlining, ``?rule`` expansion), but with
    inlined helper rules as in-place lists: Lark re-copies the list of a
    ``(op item)*`` repetition at every item, quadratic in a long sum.

    ``spec``: ``(method name or None for an inlined _rule, expand1,
    keep: ((child index, splice?), ...))``."""
    method_name, expand1, keep = spec

    def children(kids):
        if keep and keep[0] == (0, True):      # left-recursive list: extend in place
            out, rest = kids[0], keep[1:]
        else:
            out, rest = [], keep
        for i, splice in rest:
            if splice:
                out.extend(kids[i])
            else:
                out.append(kids[i])
        return out

    if method_name is None:
        return children
    method = getattr(build, method_name, None)   # None: a ?rule that always expands

    def reduce(kids):
        out = children(kids)
        if expand1 and len(out) == 1:
            return out[0]
        return method(out)
    return reduce


class _Lexer:
    __slots__ = ("regex", "ignore")

    def __init__(self, pattern: str, ignore):
        self.regex, self.ignore = re.compile(pattern), set(ignore)


class Driver:
    """Runs LALR tables (see :func:`symdiff.lexer.tables_of`) on regex tokens.

    ``tables``: ``pattern`` (master regex, one named group per terminal),
    ``ignore`` (terminal names), ``start``/``end`` states, ``rules`` (per
    rule: origin name, length, reducer spec or None for pass-through) and
    ``actions`` (state -> {symbol: (True, next state) | (False, rule index)}).
    """

    def __init__(self, tables: dict, build):
        self.start, self.end = tables["start"], tables["end"]
        self.lexer = _Lexer(tables["pattern"], tables["ignore"])
        rules = [(size, origin, None if spec is None else _reducer(spec, build))
                 for origin, size, spec in tables["rules"]]
        self.actions: dict = {}
        for state, acts in tables["actions"].items():
            self.actions[state] = {sym: (True, arg, None, None) if shift
                                   else (False, *rules[arg]) for sym, (shift, arg) in acts.items()}

    def parse(self, text: str):
        """Lex and parse in one loop (this is the hot path of ``parse``)."""
        actions, end, ignore = self.actions, self.end, self.lexer.ignore
        states, values = [self.start], []
        multiline = "\n" in text
        pos, n = 0, len(text)
        for m in self.lexer.regex.finditer(text):
            if m.start() != pos:
                break                      # an unmatched character at pos
            pos = m.end()
            kind = m.lastgroup
            if kind in ignore:
                continue
            start = m.start()
            line, col = _line_col(text, start) if multiline else (1, start + 1)
            tok = Tok(kind, m.group(), start, line, col)
            while True:
                act = actions[states[-1]].get(kind)
                if act is None:
                    self._unexpected(tok, states)
                shift, arg, origin, cb = act
                if shift:
                    states.append(arg)
                    values.append(tok)
                    break
                self._reduce(arg, origin, cb, states, values)
        if pos != n:
            from lark.exceptions import UnexpectedCharacters
            raise UnexpectedCharacters(text, pos, *_line_col(text, pos))
        tok = Tok("$END", "", n, *_line_col(text, n))
        while True:
            act = actions[states[-1]].get("$END")
            if act is None:
                self._unexpected(tok, states)
            shift, arg, origin, cb = act
            self._reduce(arg, origin, cb, states, values)
            if states[-1] == end:
                return values[-1]

    def _reduce(self, size, origin, cb, states, values):
        if size == 1 and cb is None:       # pass-through: value unchanged
            del states[-1]
        elif size:
            kids = values[-size:]
            del states[-size:]
            del values[-size:]
            values.append(cb(kids))
        else:
            values.append(cb([]))
        states.append(self.actions[states[-1]][origin][1])

    def _unexpected(self, tok, states):
        from lark.exceptions import UnexpectedToken
        expected = {s for s in self.actions[states[-1]] if s.isupper()}
        raise UnexpectedToken(tok, expected)


# --- stored tables ----------------------------------------------------------------

def grammar_hash(text: str) -> str:
    try:    # CPython's own SHA-256 (3.11: _sha256, 3.12+: _sha2): importing hashlib
        from _sha256 import sha256      # loads OpenSSL, ~3 ms of command-line start-up
    except ImportError:
        try:
            from _sha2 import sha256
        except ImportError:            # pragma: no cover
            from hashlib import sha256
    return sha256(text.encode()).hexdigest()


def stored_tables(grammar_text: str):
    """The tables in ``symdiff/_tables.py`` if they were made from this grammar."""
    try:
        from . import _tables
    except ImportError:
        return None
    if getattr(_tables, "GRAMMAR_SHA256", None) != grammar_hash(grammar_text):
        return None
    return _tables.TABLES


def write_tables(path=None) -> str:
    """Regenerate ``symdiff/_tables.py`` from the grammar (needs lark)."""
    import pprint
    from pathlib import Path
    from .lexer import tables_of
    from .parse import _parser, grammar_path
    text = grammar_path().read_text()
    src = ('"""LALR tables for grammar/symdiff.lark, generated by `python -m symdiff.lalr`.\n\n'
           'Do not edit: regenerate after changing the grammar (a stale file is ignored).\n"""\n'
           f"GRAMMAR_SHA256 = {grammar_hash(text)!r}\n\n"
           f"TABLES = {pprint.pformat(tables_of(_parser()), width=100, sort_dicts=True)}\n")
    path = Path(path) if path else Path(__file__).with_name("_tables.py")
    path.write_text(src)
    return str(path)


if __name__ == "__main__":
    print("wrote", write_tables())
