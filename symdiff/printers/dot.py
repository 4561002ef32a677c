"""The ``dot`` format: Graphviz DOT of the computation graph.

One graph node per distinct DAG node (a shared subexpression is drawn once
with several out-edges); edges run from operand to operation, labelled where
operand order matters (``base``/``exp``, function argument numbers); outputs
are boxes. ``symdiff diff ... --format dot | dot -Tsvg > g.svg`` renders it.

>>> from symdiff import parse
>>> print(dot([("f", parse("x**2"))]))
digraph symdiff {
  rankdir=BT;
  node [fontname="Helvetica"];
  n0 [label="x", shape=ellipse];
  n1 [label="2", shape=plaintext];
  n2 [label="^", shape=circle];
  n0 -> n2 [label="base"];
  n1 -> n2 [label="exp"];
  out0 [label="f", shape=box];
  n2 -> out0;
}
"""
from __future__ import annotations

from ..core.nodes import Expr, Op, topo

_OP_LABEL = {Op.ADD: "+", Op.MUL: "*", Op.POW: "^"}
_SHAPE = {Op.NUM: "plaintext", Op.SYM: "ellipse", Op.CONST: "ellipse",
          Op.ADD: "circle", Op.MUL: "circle", Op.POW: "circle", Op.FN: "box, style=rounded"}


def quote(s: str) -> str:
    """A DOT double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(node: Expr) -> str:
    if node.op is Op.NUM:
        v = node.value
        return repr(v) if isinstance(v, float) else str(v)
    return _OP_LABEL.get(node.op) or node.value


def _edge_label(node: Expr, i: int) -> str:
    if node.op is Op.POW:
        return ("base", "exp")[i]
    if node.op is Op.FN and len(node.args) > 1:
        return str(i + 1)
    return ""


def dot(outputs: list[tuple[str, Expr]], name: str = "symdiff") -> str:
    """DOT source for (label, expression) outputs sharing one graph."""
    order = topo([e for _, e in outputs])
    ids = {n: f"n{i}" for i, n in enumerate(order)}
    lines = [f"digraph {name} {{", "  rankdir=BT;", '  node [fontname="Helvetica"];']
    for n in order:
        lines.append(f"  {ids[n]} [label={quote(_label(n))}, shape={_SHAPE[n.op]}];")
        for i, a in enumerate(n.args):
            el = _edge_label(n, i)
            lines.append(f"  {ids[a]} -> {ids[n]}" + (f" [label={quote(el)}];" if el else ";"))
    for k, (label, e) in enumerate(outputs):
        lines.append(f"  out{k} [label={quote(label)}, shape=box];")
        lines.append(f"  {ids[e]} -> out{k};")
    lines.append("}")
    return "\n".join(lines)
