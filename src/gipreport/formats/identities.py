"""Identities as data, and one pure evaluator shared by validation and recovery.

An identity says ``sum(left) == sum(right)`` over flat keys. ``evaluate`` decides it over any mapping
of values with a typed outcome; it is exact on ints and Decimals and never raises on a bad value.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import attrs


@attrs.frozen(cache_hash=True)
class SumIdentity:
    """``sum(left) == sum(right)`` over flat keys; one instance per column or block it applies to.

    ``name`` (I1-I4), ``scope`` (the column or row, in the report's words) and the two side labels
    make the human message: 「I2 自然人列: （七）总计 20 ≠ 各办理结果之和 26」. ``code`` is the diagnostic
    code of a failure and ``key`` the flat key the failure is reported on.
    """

    code: str
    key: str
    name: str
    scope: str
    left_label: str
    right_label: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    keys: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)  # both sides, asked for often

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "keys", (*self.left, *self.right))


Number = int | Decimal


# Outcomes are named tuples: validation builds one per identity of every report.
class Holds(NamedTuple):
    """Both sides are known and equal."""

    left: Number
    right: Number


class Broken(NamedTuple):
    """Both sides are known and differ."""

    left: Number
    right: Number


class NotAssessable(NamedTuple):
    """Some values the identity needs are missing (None or absent) or are not numbers."""

    missing: tuple[str, ...]
    invalid: tuple[str, ...] = ()


class Empty(NamedTuple):
    """No value of the identity is known: there is nothing to check."""


Outcome = Holds | Broken | NotAssessable | Empty


def as_number(value: object) -> Number | None:
    """A value as an exact number: ints and Decimals as they are, numeric strings as Decimals
    (a hand-made flat dict), anything else (None, floats, bools, words) None.

    >>> as_number("1.5"), as_number(3), as_number(True), as_number("三")
    (Decimal('1.5'), 3, None, None)
    """
    if type(value) is int or isinstance(value, Decimal):
        return value if not (isinstance(value, Decimal) and not value.is_finite()) else None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def evaluate(identity: SumIdentity, values: Mapping[str, object]) -> Outcome:
    """Decide one identity over ``values`` (flat key -> value; absent keys count as missing)."""
    try:  # the common case: every value an int, decided before any list is built
        left = sum(map(values.__getitem__, identity.left))  # type: ignore[arg-type]
        right = sum(map(values.__getitem__, identity.right))  # type: ignore[arg-type]
        if type(left) is int and type(right) is int:
            return Holds(left, right) if left == right else Broken(left, right)
    except (TypeError, KeyError):  # a None, a string, an absent key: the exact path below says which
        pass
    get = values.get
    missing: list[str] = []
    invalid: list[str] = []
    numbers: dict[str, Number] = {}
    for key in identity.keys:
        value = get(key)
        if value is None:
            missing.append(key)
            continue
        number = as_number(value)
        if number is None:
            invalid.append(key)
        else:
            numbers[key] = number
    if not numbers:
        return Empty() if not invalid else NotAssessable(tuple(missing), tuple(invalid))
    if missing or invalid:
        return NotAssessable(tuple(missing), tuple(invalid))
    left_sum: Number = sum((numbers[key] for key in identity.left), 0)
    right_sum: Number = sum((numbers[key] for key in identity.right), 0)
    return Holds(left_sum, right_sum) if left_sum == right_sum else Broken(left_sum, right_sum)


# The types ``as_number`` may read as a number; any other value makes an identity not assessable.
_NUMBER_LIKE = frozenset({int, Decimal, str})


def is_broken(identity: SumIdentity, values: Mapping[str, object]) -> bool:
    """``evaluate(identity, values)`` is ``Broken``, decided without building an outcome where it
    can be: the recovery search asks this of every partial reading, where most identities are not
    assessable yet (a None: nothing to build but the answer).

    >>> rule = SumIdentity("c", "t", "I3", "", "", "", ("t",), ("a", "b"))
    >>> is_broken(rule, {"t": 5, "a": 3, "b": 1}), is_broken(rule, {"t": 5, "a": None, "b": 9})
    (True, False)
    """
    try:
        left = sum(map(values.__getitem__, identity.left))  # type: ignore[arg-type]
        right = sum(map(values.__getitem__, identity.right))  # type: ignore[arg-type]
    except (TypeError, KeyError):
        get = values.get
        if any(type(get(key)) not in _NUMBER_LIKE for key in identity.keys):
            return False  # a value missing (None, absent, a lost cell): not assessable, so not broken
        return type(evaluate(identity, values)) is Broken
    if type(left) is int and type(right) is int:
        return bool(left != right)
    return type(evaluate(identity, values)) is Broken


def could_hold(identity: SumIdentity, values: Mapping[str, object]) -> bool:
    """Whether the identity can hold when every unknown value (None, absent, not a number) may be any
    count >= 0: decided by the sums where all unknowns are on one side (that side's known part may
    not exceed the other side), undecided (True) where both sides have one.

    >>> rule = SumIdentity("c", "t", "I3", "", "", "", ("t",), ("a", "b"))
    >>> could_hold(rule, {"t": 5, "a": 3}), could_hold(rule, {"t": 2, "a": 3}), could_hold(rule, {"a": 9})
    (True, False, True)
    """
    sums: list[Number] = [0, 0]
    unknown = [False, False]
    for side, keys in enumerate((identity.left, identity.right)):
        for key in keys:
            number = as_number(values.get(key))
            if number is None:
                unknown[side] = True
            else:
                sums[side] += number
    if unknown[0] and unknown[1]:
        return True
    if unknown[0]:
        return sums[0] <= sums[1]
    if unknown[1]:
        return sums[1] <= sums[0]
    return sums[0] == sums[1]
