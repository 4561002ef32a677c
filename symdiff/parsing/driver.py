"""The LALR driver that runs symdiff's parse tables, without importing lark.

Lark compiles ``grammar/symdiff.lark`` into terminals and LALR tables; at
build time ``tools/gen_tables.py`` reads them out of a Lark parser and
stores them as plain data in ``symdiff/parsing/_tables.py``. At run time
this driver runs those tables, so the command line starts without
importing or running lark (lark costs ~35 ms to import). The tables carry
the grammar's hash; a stale file is an error that names the command to
regenerate it (a test fails on it too).

The driver does less per token than Lark's general-purpose loop: the
tokens come from one ``findall`` of the master regex made group-free (no
match object per token; a token's terminal is memoised by its text),
plain-dict action tables, and no callback at all for the pass-through
reductions of ``?rule`` levels (``atom -> power -> unary -> product ->
sum``), which are most reductions in an expression grammar: each action
memoises, per state below it, the state the parser lands in after them.
Reductions that build something reproduce Lark's child filtering and
inlining, so the result is exactly what ``Lark.parse`` returns (a test
compares the two on random input, errors included).
"""
from __future__ import annotations

import re
from itertools import accumulate
from operator import itemgetter

from .._compat import sha256

_new_tuple = tuple.__new__


class Tok(tuple):
    """A light token (Lark's ``Token`` costs more to build than to parse):
    the fields Lark's LALR parser and our builder read. A tuple with named
    fields: the driver builds one per token at C speed."""
    __slots__ = ()

    def __new__(cls, type, value, start_pos, line, column):
        return _new_tuple(cls, (type, value, start_pos, line, column))

    type = property(itemgetter(0))
    value = property(itemgetter(1))
    start_pos = property(itemgetter(2))
    line = property(itemgetter(3))
    column = property(itemgetter(4))
    end_line = end_column = end_pos = None   # read by Lark at end of input

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r})"


class UnexpectedCharacters(Exception):
    """No token matches at ``pos_in_stream`` (attribute names as lark's)."""

    def __init__(self, text: str, pos: int, line: int, column: int):
        super().__init__(f"unexpected character at line {line}, column {column}")
        self.pos_in_stream, self.line, self.column = pos, line, column
        self.char = text[pos] if pos < len(text) else ""


class UnexpectedToken(Exception):
    """A token the grammar does not allow here; ``$END`` at end of input."""

    def __init__(self, token: Tok, expected: set):
        super().__init__(f"unexpected {token.type} at line {token.line}, column {token.column}")
        self.token, self.expected = token, expected
        self.line, self.column = token.line, token.column


def _line_col(text: str, pos: int) -> tuple:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _reducer(spec: tuple, build, size: int):
    """The value of reducing a rule, as Lark's tree builder would compute it
    (same kept children, ``_rule`` inlining, ``?rule`` expansion, and the
    list of a left-recursive ``(op item)*`` repetition extended in place, as
    Lark's ``ChildFilterLALR`` does), resolved once per rule instead of per
    reduction.

    ``spec``: ``(method name or None for an inlined _rule, expand1,
    keep: ((child index, splice?), ...))``. The function gets ``kids``, a
    fresh list of the rule's children (the driver slices it off its value
    stack), so it may return or reuse that list. ``size``: the rule's
    number of children."""
    method_name, expand1, keep = spec
    in_place = bool(keep) and keep[0] == (0, True)  # left-recursive list: extend in place
    rest = keep[1:] if in_place else keep
    plain = all(not splice for _, splice in rest)
    first = 1 if in_place else 0
    method = None if method_name is None else getattr(build, method_name, None)
    if not in_place and plain:
        # shapes whose result needs no list at all (most callbacks are these)
        if [i for i, _ in rest] == list(range(size)):   # every child, in order
            if method_name is None:
                return _same
            if expand1 and size == 1:
                return _first
            if method is not None:                      # out has size != 1 entries
                return method
        elif len(rest) == 1 and expand1:                # one child kept: it is the value
            i = rest[0][0]
            return lambda kids: kids[i]
    if not in_place and rest == ((0, False), (1, True)) and method is not None:
        # ``x (op y)*``: the first child, then the repetition's list (sums,
        # products): one call
        if expand1:
            def first_and_list(kids):
                out = [kids[0], *kids[1]]
                return out[0] if len(out) == 1 else method(out)
        else:
            def first_and_list(kids):
                return method([kids[0], *kids[1]])
        return first_and_list
    if plain and [i for i, _ in rest] == list(range(first, first + len(rest))):
        # the common shapes: every child kept in order, or a list extended by
        # the rest; `kids` has exactly the rule's children (no trailing ones)
        if not in_place:
            def children(kids):
                return kids if len(kids) == len(rest) else kids[:len(rest)]
        elif not rest:
            def children(kids):
                return kids[0]
        else:
            n = 1 + len(rest)

            def children(kids):
                out = kids[0]
                out += kids[1:n]
                return out
    else:
        def children(kids):
            out = kids[0] if in_place else []
            for i, splice in rest:
                if splice:
                    out.extend(kids[i])
                else:
                    out.append(kids[i])
            return out

    if method_name is None:
        return children
    # method None: a ?rule that always expands
    if expand1:
        def reduce(kids):
            out = children(kids)
            if len(out) == 1:
                return out[0]
            return method(out)
    else:
        def reduce(kids):
            return method(children(kids))
    return reduce


def _same(kids):
    return kids


def _first(kids):
    return kids[0]


class _Lexer:
    """The master regex, and the same regex without capturing groups for
    :meth:`tokens`' fast path (``findall`` makes strings, no match objects)."""
    __slots__ = ("regex", "ignore", "plain", "kinds")

    def __init__(self, pattern: str, ignore):
        self.regex, self.ignore = re.compile(pattern), set(ignore)
        self.plain = _without_groups(pattern)
        self.kinds: dict = {}     # token text -> terminal name (False: ignored)

    def kind(self, text: str):
        """The terminal of a token's text: the regex's alternative that
        matches it whole is the one that matched it in context (no
        alternative can look around; see :func:`_without_groups`)."""
        kind = self.regex.fullmatch(text).lastgroup
        if kind in self.ignore:
            kind = False
        if len(self.kinds) < 256:         # bounded (~25 kB): the operators, and
            self.kinds[text] = kind       # the names and numbers met first
        return kind

    def tokens(self, text: str) -> tuple:
        """``(toks, pos)``: the tokens, ignored ones left out, up to the
        first character no token matches, at ``pos`` (-1 if none)."""
        plain = self.plain
        if plain is not None and "\n" not in text:
            parts = plain.findall(text)
            starts = [0, *accumulate(map(len, parts))]
            if starts[-1] == len(text):      # no gap: every character matched
                kinds, kind_of = self.kinds, self.kind
                toks = []
                push = toks.append
                for t, pos in zip(parts, starts):
                    kind = kinds.get(t)
                    if kind is None:
                        kind = kind_of(t)
                    if kind:
                        push(_new_tuple(Tok, (kind, t, pos, 1, pos + 1)))
                return toks, -1
        toks, pos = [], 0
        multiline = "\n" in text
        for m in self.regex.finditer(text):
            start, stop = m.span()
            if start != pos:
                break                          # an unmatched character at pos
            pos = stop
            kind = m.lastgroup
            if kind in self.ignore:
                continue
            line, col = _line_col(text, start) if multiline else (1, start + 1)
            toks.append(_new_tuple(Tok, (kind, m.group(), start, line, col)))
        return toks, (-1 if pos == len(text) else pos)


def _without_groups(pattern: str):
    """``pattern`` with every group made non-capturing (the same matches),
    or None where that is not certain: anchors, lookarounds,
    backreferences, inline flags (none of which a token regex needs)."""
    out, i, n, in_class, first = [], 0, len(pattern), False, 0
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if not in_class and pattern[i + 1:i + 2] in _CONTEXT_ESCAPES:
                return None
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]" and i > first:    # (a ] first in the class is a member)
                in_class = False
        elif ch == "[":
            in_class = True
            first = i + 2 if pattern[i + 1:i + 2] == "^" else i + 1
        elif ch in "^$":
            return None
        elif ch == "(":
            if pattern.startswith("(?P<", i):
                i = pattern.index(">", i) + 1
                out.append("(?:")
                continue
            if not pattern.startswith("(?", i):
                out.append("(?:")
                i += 1
                continue
            if not pattern.startswith("(?:", i):
                return None
        out.append(ch)
        i += 1
    try:
        plain = re.compile("".join(out))
    except re.error:                   # pragma: no cover - a pattern this misreads
        return None
    return plain if plain.groups == 0 else None


_CONTEXT_ESCAPES = set("bBAZ0123456789")


class Driver:
    """Runs LALR tables (see ``tools/gen_tables.py``, ``tables_of``) on regex tokens.

    ``tables``: ``pattern`` (master regex, one named group per terminal),
    ``ignore`` (terminal names), ``start``/``end`` states, ``rules`` (per
    rule: origin name, length, reducer spec or None for pass-through) and
    ``actions`` (state -> {symbol: (True, next state) | (False, rule index)}).
    """

    def __init__(self, tables: dict, build):
        self.start, self.end = tables["start"], tables["end"]
        self.lexer = _Lexer(tables["pattern"], tables["ignore"])
        # per rule: (size, origin, reducer); reducer None: a pass-through
        # (one child, value unchanged), which the loop does without a call
        rules = []
        for origin, size, spec in tables["rules"]:
            if spec is None and size != 1:     # pragma: no cover - not made by tables_of
                raise ValueError(f"rule {origin!r} of {size} children has no reducer")
            rules.append((size, origin, None if spec is None else _reducer(spec, build, size)))
        # an action: (True, next state, None, None, None) shifts; (False,
        # size, origin, reducer, after) reduces, where ``after`` memoises,
        # per state below the rule's children, the state the parser is in
        # once it has shifted the origin and made the pass-through
        # reductions this lookahead triggers (a pass-through's own ``after``:
        # the state after it and those that follow it)
        self.actions: dict = {}
        for state, acts in tables["actions"].items():
            self.actions[state] = {sym: (True, arg, None, None, None) if shift
                                   else (False, *rules[arg], {}) for sym, (shift, arg) in acts.items()}
        # the same tables as lists indexed by state, for the loop (states are
        # numbered 0..n-1 by tables_of; other numberings keep the dicts)
        if sorted(self.actions) == list(range(len(self.actions))):
            self._rows = [self.actions[s] for s in range(len(self.actions))]
        else:                              # pragma: no cover
            self._rows = self.actions
        # goto[state][nonterminal] -> next state (the shift on a rule's origin)
        self.goto = {state: {sym: act[1] for sym, act in acts.items() if act[0] and not sym.isupper()}
                     for state, acts in self.actions.items()}

    def parse(self, text: str):
        """Lex, then parse (this is the hot path of ``parse``): tokens are
        shifted and rules reduced as lark's LALR parser does, errors raised
        where it raises them (an unmatched character only once the tokens
        before it are parsed)."""
        toks, bad = self.lexer.tokens(text)
        actions, end, after_of = self._rows, self.end, self._after
        states, values = [self.start], []
        push_state, push_value = states.append, values.append
        state = self.start
        for tok in toks:
            kind = tok[0]
            while True:
                try:
                    shift, arg, origin, cb, after = actions[state][kind]
                except KeyError:
                    self._unexpected(tok, states)
                if shift:
                    state = arg
                    push_state(arg)
                    push_value(tok)
                    break
                if cb is None:             # pass-through: value unchanged, top state replaced
                    below = states[-2]
                    try:
                        state = states[-1] = after[below]
                    except KeyError:
                        state = states[-1] = after[below] = self._pass_through(below, state, kind)
                    continue
                if arg == 1:
                    values[-1] = cb(values[-1:])
                    del states[-1]
                elif arg:
                    kids = values[-arg:]
                    del states[-arg:]
                    del values[-arg:]
                    push_value(cb(kids))
                else:
                    push_value(cb([]))
                below = states[-1]
                try:
                    state = after[below]
                except KeyError:
                    state = after[below] = after_of(below, origin, kind)
                push_state(state)
        if bad >= 0:
            raise UnexpectedCharacters(text, bad, *_line_col(text, bad))
        # end of input: reductions only, until the start rule is reduced
        # (``end`` is reached by a reduction, never by the first state)
        n = len(text)
        while state != end:
            act = actions[state].get("$END")
            if act is None:
                self._unexpected(Tok("$END", "", n, *_line_col(text, n)), states)
            shift, arg, origin, cb, after = act
            if cb is None:
                state = states[-1] = self._pass_through(states[-2], state, "$END")
                continue
            if arg:
                kids = values[-arg:]
                del states[-arg:]
                del values[-arg:]
                push_value(cb(kids))
            else:
                push_value(cb([]))
            state = self.goto[states[-1]][origin]
            push_state(state)
        return values[-1]

    def _after(self, below, origin, kind):
        """The state after shifting ``origin`` over ``below`` and the
        pass-through reductions that lookahead ``kind`` then triggers."""
        return self._pass_through(below, self.goto[below][origin], kind)

    def _pass_through(self, below, top, kind):
        """The top state after every pass-through reduction that ``kind``
        triggers from ``top`` over ``below`` (each one: pop the top, shift
        the rule's origin from ``below``)."""
        while True:
            act = self.actions[top].get(kind)
            if act is None or act[0] or act[3] is not None:
                return top
            top = self.goto[below][act[2]]

    def _unexpected(self, tok, states):
        expected = {s for s in self.actions[states[-1]] if s.isupper()}
        raise UnexpectedToken(tok, expected)


# --- stored tables ----------------------------------------------------------------

def grammar_hash(text: str) -> str:
    return sha256(text.encode()).hexdigest()


def stored_tables(grammar_text: str):
    """The tables in ``_tables.py`` if they were made from this grammar, else None."""
    from . import _tables
    if _tables.GRAMMAR_SHA256 != grammar_hash(grammar_text):
        return None
    return {**_tables.TABLES, "actions": decode_actions(_tables.ACTIONS)}


# The action table is stored as text, one line per state: a dict literal of
# it took Python ~4 ms to compile (where no .pyc can be written) and to build.

def decode_actions(text: str) -> dict:
    """The inverse of :func:`encode_actions`."""
    out = {}
    for state, line in enumerate(text.split("\n")):
        row = {}
        for item in line.split():
            sym, _, act = item.rpartition(":")
            row[sym] = (act[0] == "s", int(act[1:]))
        out[state] = row
    return out
