"""Text in, nodes out: ``parse`` (:mod:`.parse`) runs the LALR tables that
lark computed from ``grammar/symdiff.lark`` (:mod:`._tables`, written by
``tools/gen_tables.py``) in a driver of its own (:mod:`.driver`)."""
