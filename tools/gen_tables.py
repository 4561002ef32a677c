"""Build-time: compile ``grammar/symdiff.lark`` with lark and store its
LALR tables as plain data in ``symdiff/parsing/_tables.py``.

    python tools/gen_tables.py          # after every change to the grammar

Lark stays the single source of the syntax: it computes the terminals and
the LALR automaton; :func:`tables_of` reads them out of a Lark parser (this
reaches into lark's parser objects, which is why it runs here, at build
time, and never in the installed package), renumbered so that one grammar
always gives the same text. ``symdiff.parsing.driver.Driver`` runs them.
``tests/parsing/test_driver.py`` checks the stored file against the
grammar and the driver against ``lark.Lark`` itself.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from lark import Lark
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))     # run from a checkout: python tools/gen_tables.py

from symdiff.parsing.driver import Tok, _line_col, decode_actions, grammar_hash  # noqa: E402
from symdiff.parsing.parse import _Build, grammar_text  # noqa: E402

GRAMMAR = ROOT / "grammar" / "symdiff.lark"
TABLES = ROOT / "symdiff" / "parsing" / "_tables.py"


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
    """The plain-data tables :class:`symdiff.parsing.driver.Driver` runs, read out of a
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
    """``(origin, length, reducer spec or None)`` for one grammar rule (names
    as plain strings: lark hands some out as its ``Token``, a str subclass)."""
    exp = rule.expansion
    origin = str(rule.origin.name)
    passthrough = (rule.options.expand1 and len(exp) == 1 and isinstance(exp[0], NonTerminal)
                   and not exp[0].name.startswith("_"))
    if passthrough:
        return (origin, len(exp), None)
    keep = getattr(lark_callback, "to_include", None)
    if keep is None:
        keep = [(i, False) for i in range(len(exp))]
    keep = tuple((i, bool(splice)) for i, splice, *_ in keep)
    if origin.startswith("_"):
        return (origin, len(exp), (None, False, keep))
    expand1 = bool(rule.options.expand1 and not rule.alias)   # an alias overrides ?rule
    return (origin, len(exp), (str(rule.alias or origin), expand1, keep))


def encode_actions(actions: dict) -> str:
    """``{state: {symbol: (shift?, arg)}}`` (states 0..n-1) as text: line
    ``state`` lists ``SYMBOL:sN`` (shift, go to state N) and ``SYMBOL:rN``
    (reduce by rule N), symbols sorted."""
    if sorted(actions) != list(range(len(actions))):
        raise ValueError("states must be numbered 0..n-1")
    lines = []
    for state in range(len(actions)):
        items = []
        for sym, (shift, arg) in sorted(actions[state].items()):
            if not sym or ":" in sym or sym.split() != [sym]:
                raise ValueError(f"symbol {sym!r} cannot be stored as text")
            items.append(f"{sym}:{'s' if shift else 'r'}{int(arg)}")
        lines.append(" ".join(items))
    return "\n".join(lines)




def lark_parser() -> Lark:
    """The grammar compiled by lark, with the lexer whose regex the driver runs."""
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer=SymdiffLexer,
                transformer=_Build())


def tables_source() -> str:
    """The text of ``_tables.py`` for the grammar as it is now."""
    import pprint
    tables = tables_of(lark_parser())
    actions = encode_actions(tables.pop("actions"))
    assert decode_actions(actions) == tables_of(lark_parser())["actions"]
    return ('"""LALR tables for grammar/symdiff.lark, generated by `python tools/gen_tables.py`.\n\n'
           'Do not edit: regenerate after changing the grammar (a stale file is refused).\n"""\n'
           f"GRAMMAR_SHA256 = {grammar_hash(grammar_text())!r}\n\n"
           "# TABLES[\"actions\"], one line per state (see tools/gen_tables.py, encode_actions):\n"
           "# SYMBOL:sN shifts and goes to state N, SYMBOL:rN reduces by rules[N]\n"
           f'ACTIONS = """\\\n{actions}"""\n\n'
           f"TABLES = {pprint.pformat(tables, width=100, sort_dicts=True)}\n")


if __name__ == "__main__":
    TABLES.write_text(tables_source(), encoding="utf-8")
    print("wrote", TABLES.relative_to(ROOT))
