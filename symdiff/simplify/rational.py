"""Placeholder until the rational-function module lands: identity maps."""
def expand(e): return e
def together(e): return e
def cancel(e): return e
