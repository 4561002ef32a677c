"""Radicals and powers of products and quotients, under positivity.

For ``p > 0`` and any ``w`` and ``z``, ``(p*w)**z = p**z*w**z`` (principal
branches: ``arg(p*w) = arg(w)``), so a power of a product splits off its
positive factors; a power of a sum splits off the sum's positive
denominator, ``(a/(b*x) + 1)**z -> (a + b*x)**z*(b*x)**(-z)``
(:func:`symdiff.rewrite.radicals.split_radicals`). Split forms are larger;
``simplify`` uses them as one candidate (then cancels and reduces, where
factors such as ``sqrt(b)*sqrt(b)`` meet and terms cancel), keeping it only
when the result is smaller. :mod:`.powers` combines them back
(``power-product``).
"""
from ..pattern import rules

# applied unconditionally by split_radicals (each one removes a product
# from a power's base, so the rewriting ends)
SPLIT = rules("""
power-of-product: (x_*y__)**z_ -> x_**z_*y__**z_               if positive(x_)
""")
