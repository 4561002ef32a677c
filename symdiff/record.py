"""Value semantics for small plain classes (what a dataclass would give).

``dataclasses`` imports ``inspect``, which costs the command line ~10 ms of
start-up; the few record types (``Function``, ``Limits``, ``Result``) list
their fields in ``_fields`` and inherit repr and equality from here.
"""
from __future__ import annotations


class Record:
    """``repr`` and ``==`` over the class's ``_fields``; unhashable."""
    __slots__ = ()
    _fields: tuple = ()

    def __repr__(self) -> str:
        return (type(self).__name__ + "("
                + ", ".join(f"{k}={getattr(self, k)!r}" for k in self._fields) + ")")

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self._fields)

    __hash__ = None
