"""What the Segments browser's pickers choose, as one value (read by exchange.retrieval)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentFilter:
    """The Segments browser's pickers. ``None``/empty: no restriction by that picker.

    ``codes``: codings of these codes (and of the codes beneath them, ``children``);
    documents must be among ``documents``, in one of ``sets``, and have one of ``values`` of
    ``variable`` (its formatted values; "(no value)" for none), every picker that is set."""

    codes: frozenset[int] | None = None
    children: bool = True
    documents: frozenset[int] | None = None
    coders: tuple[str, ...] = ()
    sets: frozenset[int] | None = None
    variable: str = ""
    values: frozenset[str] | None = None
