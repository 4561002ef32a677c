"""Tokenizer for Lark, and the plain-data tables read out of a Lark parser.

Imported lazily by ``parse`` (it imports lark), only when the stored tables
(``symdiff/_tables.py``) do not match the grammar. Lark compiles
``grammar/symdiff.lark`` (still the single source of the syntax) into its
terminals and LALR tables; :func:`tables_of` reads them out as plain data for
:class:`symdiff.lalr.Driver`.
"""
from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer

from .lalr import Driver, Tok, _line_col  # noqa: F401  (re-exported)


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


def tables_of(lark_parser) -> dict:
    """The plain-data tables :class:`symdiff.lalr.Driver` runs, read out of a
    Lark LALR parser built with :class:`SymdiffLexer`."""
    from lark.grammar import NonTerminal
    from lark.parsers.lalr_analysis import Shift
    inner = lark_parser.parser.parser.parser
    table, callbacks = inner.parse_table, inner.callbacks
    lexer = lark_parser.parser.lexer
    lexer = getattr(lexer, "lexer", lexer)
    states = table.states
    start, end = table.start_states["start"], table.end_states["start"]
    # Lark numbers states (and meets rules) in an order that depends on the
    # hash seed; renumber breadth-first from the start state over sorted
    # symbols, so the stored tables are one fixed text for one grammar.
    number, queue = {start: 0}, [start]
    for state in queue:                       # grows while iterated: BFS
        for sym in sorted(states[state]):
            action, arg = states[state][sym]
            if action is Shift and arg not in number:
                number[arg] = len(number)
                queue.append(arg)
    for state in sorted(states):              # unreachable states (none expected)
        number.setdefault(state, len(number))
    rules: list = []
    index: dict = {}
    actions: dict = {}
    for state, new in number.items():
        row = {}
        for sym in sorted(states[state]):
            action, arg = states[state][sym]
            if action is Shift:
                row[sym] = (True, number[arg])
                continue
            if arg not in index:
                index[arg] = len(rules)
                rules.append(_rule_spec(arg, callbacks[arg], NonTerminal))
            row[sym] = (False, index[arg])
        actions[new] = row
    return {"pattern": lexer.regex.pattern, "ignore": sorted(lexer.ignore),
            "start": number[start], "end": number[end],
            "rules": rules, "actions": actions}


def _rule_spec(rule, lark_callback, NonTerminal) -> tuple:
    """``(origin, length, reducer spec or None)`` for one grammar rule."""
    exp = rule.expansion
    passthrough = (rule.options.expand1 and len(exp) == 1 and isinstance(exp[0], NonTerminal)
                   and not exp[0].name.startswith("_"))
    if passthrough:
        return (rule.origin.name, len(exp), None)
    keep = getattr(lark_callback, "to_include", None)
    if keep is None:
        keep = [(i, False) for i in range(len(exp))]
    keep = tuple((i, bool(splice)) for i, splice, *_ in keep)
    if rule.origin.name.startswith("_"):
        return (rule.origin.name, len(exp), (None, False, keep))
    expand1 = bool(rule.options.expand1 and not rule.alias)   # an alias overrides ?rule
    return (rule.origin.name, len(exp), (rule.alias or rule.origin.name, expand1, keep))
