"""Hypothesis profiles: "ci" (default: 200 examples, derandomized so CI is
reproducible) and "fuzz" (SYMDIFF_PROFILE=fuzz: 2000 random examples)."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.filter_too_much])
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("SYMDIFF_PROFILE", "ci"))

# A standalone long-run job (needs atheris, not a test extra): not collected.
collect_ignore = ["fuzz_atheris.py"]
