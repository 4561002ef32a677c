"""Batch mode: JSON Lines in, JSON Lines out (``symdiff --batch FILE``).

Each non-blank input line is one request object (fields in
``symdiff.cli.commands``; plus ``format`` for how ``result`` is rendered and an
optional ``id`` echoed back). Each gives exactly one output line, in input
order: the result record of ``--format json`` with ``"line"`` (1-based input
line number) and ``"ok": true``, or an error record
``{"line": N, "ok": false, "error": MESSAGE, "error_type": NAME}`` (plus
``column`` for parse errors). A bad line never stops the batch.

>>> import io
>>> out = io.StringIO()
>>> run_batch(io.StringIO('{"op": "diff", "expr": "x**2"}\\n{"op": "diff", "expr": "x*"}\\n'), out)
1
>>> [r["ok"] for r in map(json.loads, out.getvalue().splitlines())]
[True, False]
"""
from __future__ import annotations

import json

from .commands import run
from ..errors import ParseError, SymdiffError
from .output import FORMATS, NUMERIC_FORMATS, record

FIELDS = ("op", "expr", "vars", "order", "simplify", "assume", "functions", "values", "trace",
          "grad", "format", "id")


def _check_fields(req) -> None:
    if not isinstance(req, dict):
        raise SymdiffError("a request must be a JSON object like "
                           '{"op": "diff", "expr": "x**2", "vars": ["x"]}')
    for k in req:
        if k not in FIELDS:
            import difflib
            near = difflib.get_close_matches(k, FIELDS, n=1)
            raise SymdiffError(f"unknown field {k!r}" + (f"; did you mean {near[0]!r}?" if near
                                                          else f" (fields: {', '.join(FIELDS)})"))


def answer(line: str, lineno: int, recent: list | None = None) -> tuple[dict, bool]:
    """The output record for one input line, and whether it succeeded
    (``recent``: a ring the result is stored into, see :func:`run_batch`)."""
    req = None
    try:
        try:
            req = json.loads(line)
        except ValueError as e:
            col = getattr(e, "colno", None)
            raise ParseError(f"not valid JSON: {getattr(e, 'msg', e)}", line.rstrip("\n"),
                             1, col or 1) from None
        _check_fields(req)
        fmt = req.get("format", "str")
        if fmt not in FORMATS:
            raise SymdiffError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        res = run(req)
        if recent:
            recent[lineno % len(recent)] = res
        if res.numeric and fmt not in NUMERIC_FORMATS:
            raise SymdiffError(f"eval gives a number: format must be one of {NUMERIC_FORMATS}")
        out = {"line": lineno, "ok": True}
        if "id" in req:
            out["id"] = req["id"]
        out.update(record(res))
        if fmt not in ("str", "json"):
            out["format"] = fmt
            out["result"] = FORMATS[fmt](res)
        return out, True
    except SymdiffError as e:
        err = {"line": lineno, "ok": False}
        if isinstance(req, dict) and "id" in req:
            err["id"] = req["id"]
        err["error"] = str(e)
        err["error_type"] = type(e).__name__
        if isinstance(e, ParseError):
            err["column"] = e.column
        return err, False
    except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError) as e:
        return {"line": lineno, "ok": False, "error": f"internal error: {e!r}",
                "error_type": type(e).__name__}, False


RECENT = 8   # results kept alive across requests (see run_batch)


def run_batch(lines, out, *, flush_each: bool = False) -> int:
    """Answer every line of ``lines`` onto ``out``; 1 if any failed, else 0.

    The last few results stay referenced while later lines run: nodes are
    interned weakly, so without this the subexpressions that neighbouring
    requests share (``x``, ``x**2``, ``sin(2*y)``) die with each result and
    are built and hashed again for the next one. Output is unaffected
    (interning is canonical); memory stays bounded by ``RECENT`` results."""
    failed = False
    buf: list = []
    recent: list = [None] * RECENT
    dumps = json.JSONEncoder(ensure_ascii=False).encode   # json.dumps(rec, ensure_ascii=False),
                                                          # without a new encoder per line
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rec, ok = answer(line, lineno, recent)
        failed |= not ok
        buf.append(dumps(rec))
        if flush_each or len(buf) >= 512:
            out.write("\n".join(buf) + "\n")
            out.flush()
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")
    out.flush()
    return 1 if failed else 0
