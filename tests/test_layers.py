"""The package's layers: every import (module level or inside a function)
runs downward, and no module imports another that imports it back.

Layers, bottom to top (ARCHITECTURE.md draws them):

    errors, _compat < core < parsing < polys < rewrite < codegen < ad
      < printers < symdiff/__init__.py (the public API) < cli < __main__

The imports allowed to run up: the display methods of ``Expr`` and
``DerivMatrix`` (``__repr__``, ``_repr_latex_``) load their printer on first use.
"""
import ast
import importlib
from pathlib import Path

import pytest

import symdiff

PACKAGE = Path(symdiff.__file__).resolve().parent
LAYERS = [("symdiff.errors", "symdiff._compat"), ("symdiff.core",), ("symdiff.parsing",),
          ("symdiff.polys",), ("symdiff.rewrite",), ("symdiff.codegen",), ("symdiff.ad",),
          ("symdiff.printers",), ("symdiff",), ("symdiff.cli",), ("symdiff.__main__",)]
ALLOWED_UP: set = set()    # none: the printers plug into core.nodes.UPPER from above


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    best = None
    for rank, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if module == p or (p != "symdiff" and module.startswith(p + ".")):
                best = rank
    assert best is not None, f"{module} is in no layer: add it to LAYERS and ARCHITECTURE.md"
    return best


def imports_of(module: str) -> set:
    """The symdiff modules ``module`` imports, anywhere in its body."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "symdiff"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "symdiff":
                continue
            for a in node.names:     # `from pkg import module` imports the module
                sub = f"{target}.{a.name}"
                out.add(sub if sub in MODULES else target)
    out.discard(module)
    return out


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_module_is_in_a_layer():
    for m in MODULES:
        layer(m)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downward(module):
    up = [t for t in GRAPH[module] if layer(t) > layer(module) and (module, t) not in ALLOWED_UP]
    assert not up, f"{module} (layer {layer(module)}) imports a higher layer: {up}"


def test_no_import_cycles():
    """Depth-first search over the whole module graph (the allowed upward
    import left out): a back edge is a cycle."""
    state: dict = {}
    for root in sorted(GRAPH):
        stack = [(root, iter(sorted(GRAPH[root])))]
        state[root] = "open"
        path = [root]
        while stack:
            node, it = stack[-1]
            for nxt in it:
                if (node, nxt) in ALLOWED_UP or state.get(nxt) == "done":
                    continue
                assert state.get(nxt) != "open", f"import cycle: {' -> '.join(path + [nxt])}"
                state[nxt] = "open"
                path.append(nxt)
                stack.append((nxt, iter(sorted(GRAPH.get(nxt, ())))))
                break
            else:
                state[node] = "done"
                path.pop()
                stack.pop()


def test_core_imports_no_printer():
    """str(e) and e._repr_latex_() reach the printers through core.nodes.UPPER."""
    for m in ("symdiff.core.nodes", "symdiff.core.matrix"):
        assert not any(t.startswith("symdiff.printers") for t in GRAPH[m]), m


def test_the_checker_sees_imports_inside_functions():
    assert "symdiff.printers.latex" in GRAPH["symdiff"]                   # a lazy import
    assert "symdiff.rewrite.strategy" in GRAPH["symdiff.ad.api"]          # another
    assert "symdiff.polys" in GRAPH["symdiff.rewrite.rational"]           # `from .. import x`


@pytest.mark.parametrize("name", sorted(p.name for p in PACKAGE.iterdir()
                                        if (p / "__init__.py").exists()))
def test_no_public_name_shadows_a_subpackage(name):
    module = importlib.import_module(f"symdiff.{name}")
    assert getattr(symdiff, name) is module
