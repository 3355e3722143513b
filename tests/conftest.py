"""Hypothesis profiles (GIPREPORT_HYPOTHESIS_PROFILE picks one; default dev) and the sample fixture."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from _support import sample_names

settings.register_profile("dev", max_examples=60, deadline=None)
# CI runs every property with at least 300 examples, derandomized so a red run replays exactly.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("GIPREPORT_HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(params=sample_names())
def sample(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name
