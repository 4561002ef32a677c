"""Names a package exports but imports on first use (PEP 562), so start-up
pays only for what the command line's diff path needs."""
from __future__ import annotations


def lazy_exports(package: str, table: dict):
    """Module-level ``__getattr__`` and ``__dir__`` for ``package`` that import
    ``table[name]`` (a module relative to ``package``) when ``name`` is first
    read, and keep the value in the package's namespace."""
    import sys

    def __getattr__(name: str):
        mod = table.get(name)
        if mod is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        from importlib import import_module
        value = getattr(import_module(mod, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        return sorted({*vars(sys.modules[package]), *table})

    return __getattr__, __dir__
