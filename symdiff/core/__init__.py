"""The bottom layer: interned expression nodes and what they are made of.

``limits`` and ``facts`` (plain data), ``fold`` (exact number folding),
``functions`` (the registry rows), ``nodes`` (the DAG and its canonical
constructors), ``assumptions`` (facts of whole expressions) and ``matrix``
(sparse matrices of expressions). Nothing here imports a higher layer.
"""
from . import piecewise  # noqa: E402,F401  (registers the builders of relations, Piecewise, Max, ...)
