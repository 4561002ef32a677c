"""The ``symdiff`` command: ``main`` parses arguments (:mod:`.main`),
``commands`` runs one request, ``batch`` runs JSON Lines, ``output``
formats results, ``evaluate`` and ``plot`` serve ``eval`` and ``plot``.
A client of the public API: it sits above ``symdiff/__init__.py``."""
