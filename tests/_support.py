"""Helpers shared by the tests: the bundled samples and their hand-read expected values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sample_names() -> list[str]:
    return sorted(path.name.removesuffix(".txt") for path in SAMPLES.glob("*.txt"))


def read_sample(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def read_expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return data
