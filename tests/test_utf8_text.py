"""Text that is not UTF-8 (file names, argv, the environment) is shown as escapes and refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwot_reader.core.errors import GwotError
from gwot_reader.core.textnorm import require_utf8, undecodable


@given(st.text())
def test_valid_text_passes_as_it_is(text):
    assert undecodable(text) is None
    assert require_utf8(text, "--memo") is text


@given(st.binary(min_size=1))
def test_bytes_that_are_not_utf8_are_shown_as_escapes(data):
    import os

    name = os.fsdecode(data)  # as Linux hands over argv, the environment and file names
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        shown = undecodable(name)
        assert shown is not None and "\\x" in shown
        assert shown.encode("utf-8") and shown.isprintable()  # one line, any terminal
        with pytest.raises(GwotError, match="--coder .* is not valid UTF-8") as refused:
            require_utf8(name, "--coder")
        assert "\n" not in str(refused.value)
    else:
        assert undecodable(name) is None
