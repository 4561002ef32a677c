"""``tools/print_agreement.py``: the share of expressions printed as sympy prints them."""
from __future__ import annotations

from symdiff import parse
from tools.print_agreement import agreement, panel_texts


def test_agreement_counts_exact_matches():
    exprs = [parse("2 + 3*x + 5*x**2"), parse("(x + 1)*(x - 1)"), parse("1/sqrt(2)")]
    # sympy prints the last one as sqrt(2)/2: a conversion difference, not order
    assert agreement(exprs) == (2, 3)


def test_panels_are_read():
    texts = panel_texts()
    assert len(texts["simplify_panel"]) > 400 and len(texts["rubi_panel"]) > 200
    assert all(len(row) == 3 for rows in texts.values() for row in rows)
