"""Counts in words: one of a thing, several of them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gwot_reader.core.words import plural


def test_one_is_singular_and_the_rest_plural():
    assert plural(1, "document") == "1 document"
    assert plural(0, "document") == "0 documents"
    assert plural(2, "category") == "2 categories"
    assert plural(3, "day") == "3 days"  # a vowel before the y keeps it
    assert plural(1, "category") == "1 category"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(
    ["code", "coding", "coder", "segment", "hit", "memo", "set", "category"]))
def test_the_count_comes_first_and_the_noun_keeps_its_stem(n, noun):
    words = plural(n, noun).split(" ")
    assert words[0] == str(n) and len(words) == 2
    assert (words[1] == noun) == (n == 1)
    assert words[1].startswith(noun.rstrip("y"))
