"""Printers: one module per output format, all iterative over depth."""
