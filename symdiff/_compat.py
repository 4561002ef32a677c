"""Private CPython modules, imported once, for command-line start-up time.

``threading``, ``weakref`` and ``hashlib`` are thin layers over these C
modules; importing the public ones costs the ``symdiff`` command several
milliseconds (``hashlib`` loads OpenSSL, ~3 ms). Every other module imports
the names from here, so the fallback to the public module lives in one place.
"""
from __future__ import annotations

try:
    from _thread import RLock                 # threading.RLock
    from _weakref import ref as weakref_ref   # weakref.ref
except ImportError:                           # pragma: no cover - other Pythons
    from threading import RLock
    from weakref import ref as weakref_ref

try:
    from _blake2 import blake2b               # hashlib.blake2b
except ImportError:                           # pragma: no cover
    from hashlib import blake2b

try:                                          # CPython 3.11: _sha256, 3.12+: _sha2
    from _sha256 import sha256
except ImportError:                           # pragma: no cover
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

__all__ = ["RLock", "weakref_ref", "blake2b", "sha256"]
