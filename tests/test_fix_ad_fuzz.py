"""The fuzz classes of ``fuzz_ad`` run clean on a few seeds."""
import random

import pytest

from symdiff import SymdiffError
import fuzz_ad


@pytest.mark.parametrize("case", fuzz_ad.CLASSES, ids=lambda c: c.__name__)
def test_fuzz_ad_classes(case):
    for seed in range(25):
        try:
            case(random.Random(seed))
        except SymdiffError:
            pass
