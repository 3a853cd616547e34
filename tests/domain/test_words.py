"""Counts in words: the singular for exactly one, thousands separators, irregular plurals."""

from __future__ import annotations

import pytest

from tracker.domain.words import count, pick, plural


@pytest.mark.parametrize(("n", "text"), [
    (0, "0 check-ins"), (1, "1 check-in"), (2, "2 check-ins"), (1234, "1,234 check-ins"),
    (-1, "-1 check-ins"),
])
def test_plural_of_a_regular_noun(n, text):
    assert plural(n, "check-in") == text


def test_plural_with_an_irregular_form():
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(2, "copy", "copies") == "2 copies"


def test_pick_chooses_the_template_and_fills_in_the_count():
    one, many = "%1 backup still holds it", "%1 backups still hold it"
    assert pick(1, one, many) == "1 backup still holds it"
    assert pick(0, one, many) == "0 backups still hold it"
    assert pick(12000, one, many) == "12,000 backups still hold it"
    assert pick(2, "about %1 more day", "about %1 more days") == "about 2 more days"


def test_count_separates_thousands():
    assert [count(n) for n in (7, 1000, 1234567)] == ["7", "1,000", "1,234,567"]

