"""Tokenizer and LALR driver over the tables Lark builds from the grammar.

Imported lazily by ``parse`` (it imports lark). Lark compiles
``grammar/symdiff.lark`` (still the single source of the syntax) into its
terminals and LALR tables; this module runs them with less per-token work
than Lark's general-purpose loop: a master regex for the tokens, plain-dict
action tables, and no callback at all for the pass-through reductions of
``?rule`` levels (``atom -> power -> unary -> product -> sum``), which are
most reductions in an expression grammar. Reductions that build something
call Lark's own callbacks (child filtering, inlining), so the result is
exactly what ``Lark.parse`` returns.
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




def _reducer(rule, lark_callback, build):
    """The value of reducing ``rule``, as Lark's tree builder would compute
    it (same kept children, ``_rule`` inlining, ``?rule`` expansion), but
    with inlined helper rules as in-place lists: Lark re-copies the list of a
    ``(op item)*`` repetition at every item, quadratic in a long sum."""
    keep = getattr(lark_callback, "to_include", None)
    if keep is None:
        keep = [(i, False) for i in range(len(rule.expansion))]
    keep = [(i, bool(splice)) for i, splice in keep]

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

    if rule.origin.name.startswith("_"):
        return children
    method = getattr(build, rule.alias or rule.origin.name, None)
    expand1 = rule.options.expand1 and not rule.alias   # an alias overrides ?rule

    def reduce(kids):
        out = children(kids)
        if expand1 and len(out) == 1:
            return out[0]
        return method(out)
    return reduce


class Driver:
    """Runs a Lark LALR parser's tables on :class:`SymdiffLexer` tokens."""

    def __init__(self, lark_parser, build):
        from lark.grammar import NonTerminal
        from lark.parsers.lalr_analysis import Shift
        inner = lark_parser.parser.parser.parser
        table, callbacks = inner.parse_table, inner.callbacks
        self.start = table.start_states["start"]
        self.end = table.end_states["start"]
        self.lexer = lark_parser.parser.lexer
        self.lexer = getattr(self.lexer, "lexer", self.lexer)
        self.actions: dict = {}
        for state, acts in table.states.items():
            row = {}
            for sym, (action, arg) in acts.items():
                if action is Shift:
                    row[sym] = (True, arg, None, None)
                    continue
                exp = arg.expansion
                passthrough = (arg.options.expand1 and len(exp) == 1
                               and isinstance(exp[0], NonTerminal)
                               and not exp[0].name.startswith("_"))
                row[sym] = (False, len(exp), arg.origin.name,
                            None if passthrough else _reducer(arg, callbacks[arg], build))
            self.actions[state] = row

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
