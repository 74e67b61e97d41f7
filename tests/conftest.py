"""Hypothesis profiles: 'ci' (the default: at least 1,000 examples per property),
'dev' (quick, for editing), 'long' (a soak run: HYPOTHESIS_PROFILE=long pytest
tests/test_properties.py). Choose one with the HYPOTHESIS_PROFILE variable."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=_SLOW_DATA, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=_SLOW_DATA)
settings.register_profile("long", max_examples=30_000, deadline=None, suppress_health_check=_SLOW_DATA, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
