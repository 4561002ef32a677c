"""Benchmarks: symdiff against sympy, symengine, casadi, jax and numexpr.

Run ``python -m benchmarks`` (full) or ``python -m benchmarks --quick`` (the
CI smoke run, well under a minute). Every anchor library is optional and
imported lazily; a missing one is reported as "not installed".

Layout: ``timing`` measures and records, ``anchors`` imports the other
libraries, ``check`` evaluates results numerically so that all systems are
compared on answers that agree, ``sizes`` counts result sizes, ``report``
prints tables, writes JSON and plots, and one ``wl_*`` module per workload
family builds the inputs and runs each system.
"""
