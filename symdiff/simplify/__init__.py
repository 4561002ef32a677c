"""Simplification: rational-function normal forms (expand, together, cancel) and more."""
