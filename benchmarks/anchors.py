"""Lazy, failure-tolerant imports of the anchor libraries.

Anchors are the systems symdiff is measured against. None of them is a
dependency of symdiff, so each is imported only when a workload needs it, and
a missing (or broken) one is reported as "not installed" instead of crashing.
"""
from __future__ import annotations

import importlib
from types import ModuleType

#: Anchor name -> importable module name.
ANCHORS = {
    "sympy": "sympy",
    "symengine": "symengine",
    "casadi": "casadi",
    "jax": "jax",
    "numexpr": "numexpr",
}

_cache: dict[str, ModuleType | None] = {}


def get(name: str) -> ModuleType | None:
    """The anchor module ``name``, or None when it cannot be imported."""
    if name not in _cache:
        try:
            mod = importlib.import_module(ANCHORS.get(name, name))
        except Exception:  # ImportError, or a broken install of a binary wheel
            mod = None
        if mod is not None and name == "jax":
            # Compare like with like: everything else computes in float64.
            mod.config.update("jax_enable_x64", True)
        _cache[name] = mod
    return _cache[name]


def version(name: str) -> str:
    """Installed version of ``name`` without importing it (cheap for the header)."""
    from importlib import metadata
    dist = {"jax": "jax", "symdiff": "symdiff"}.get(name, ANCHORS.get(name, name))
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"
