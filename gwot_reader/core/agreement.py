"""Agreement statistics over weighted reliability data: percent agreement, Cohen's κ, Krippendorff's α.

Reliability data are given as a *unit table*: a mapping from a pattern (one value per coder,
``None`` where that coder gave no value) to the number of units that show this pattern. A
document of 50,000 characters coded by two coders is then a handful of patterns with large
weights rather than 50,000 rows, which keeps character-level statistics cheap.

References: Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*. Annenberg
School for Communication, University of Pennsylvania; Cohen, J. (1960). A coefficient of
agreement for nominal scales. *Educational and Psychological Measurement* 20(1), 37-46.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import NamedTuple

Value = Hashable
Pattern = tuple[Value | None, ...]
UnitTable = Mapping[Pattern, int]


def table_from_units(units: Iterable[Sequence[Value | None]]) -> Counter[Pattern]:
    """A unit table from rows of values, one row per unit (``None``: missing)."""
    return Counter(tuple(u) for u in units)


def pool(tables: Iterable[UnitTable]) -> Counter[Pattern]:
    """Units of several tables together (documents, or codes treated as one variable)."""
    out: Counter[Pattern] = Counter()
    for t in tables:
        out.update(t)
    return out


def coincidences(table: UnitTable) -> tuple[dict[tuple[Value, Value], float], int]:
    """Krippendorff's coincidence matrix o_ck and the number of pairable units.

    Each unit with m_u >= 2 values adds, for every ordered pair of values (c, k) from two
    different coders, 1/(m_u - 1). Units with fewer than two values are not pairable.
    """
    o: dict[tuple[Value, Value], float] = {}
    pairable = 0
    for pattern, weight in table.items():
        values = Counter(v for v in pattern if v is not None)
        m = sum(values.values())
        if m < 2 or weight <= 0:
            continue
        pairable += weight
        for c, nc in values.items():
            for k, nk in values.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    o[(c, k)] = o.get((c, k), 0.0) + weight * pairs / (m - 1)
    return o, pairable


def krippendorff_alpha(table: UnitTable) -> float | None:
    """Nominal α = 1 - (n - 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k; None when undefined.

    n_c = Σ_k o_ck and n = Σ_c n_c (Krippendorff 2011, section C). α is undefined when
    fewer than two values are pairable or when every pairable value is the same (no
    variation, D_e = 0).
    """
    o, _ = coincidences(table)
    n_c: dict[Value, float] = {}
    for (c, _k), v in o.items():
        n_c[c] = n_c.get(c, 0.0) + v
    n = sum(n_c.values())
    if n < 2:
        return None
    disagree = sum(v for (c, k), v in o.items() if c != k)
    total = sum(n_c.values())
    expected = total * total - sum(x * x for x in n_c.values())  # Σ_{c≠k} n_c n_k
    if expected <= 0:
        return None
    return 1.0 - (n - 1) * disagree / expected


def percent_agreement(table: UnitTable) -> float | None:
    """Observed agreement as a percentage: 100 · Σ_c o_cc / n (pairable values that agree).

    For two coders without missing values this is the share of units on which they agree;
    for more coders it is the share of agreeing pairs of values within units.
    """
    o, _ = coincidences(table)
    n = sum(o.values())
    if n <= 0:
        return None
    return 100.0 * sum(v for (c, k), v in o.items() if c == k) / n


def cohen_kappa(table: UnitTable) -> float | None:
    """Cohen's κ = (p_o - p_e) / (1 - p_e) for two coders, over units both gave a value.

    p_e = Σ_c p_A(c) · p_B(c) from each coder's own marginals. None when not two coders,
    no unit has both values, or p_e = 1 (both coders used one and the same value).
    """
    both: Counter[tuple[Value, Value]] = Counter()
    for pattern, weight in table.items():
        if len(pattern) != 2:
            return None
        a, b = pattern
        if a is not None and b is not None and weight > 0:
            both[(a, b)] += weight
    n = sum(both.values())
    if n == 0:
        return None
    row: Counter[Value] = Counter()
    col: Counter[Value] = Counter()
    for (a, b), w in both.items():
        row[a] += w
        col[b] += w
    p_o = sum(w for (a, b), w in both.items() if a == b) / n
    p_e = sum(row[c] * col[c] for c in row) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def cohen_kappa_2x2(both: int, a_only: int, b_only: int, neither: int) -> float | None:
    """κ of a 2 × 2 table: both coders yes, only A, only B, neither."""
    n = both + a_only + b_only + neither
    if n == 0:
        return None
    p_o = (both + neither) / n
    p_e = ((both + a_only) * (both + b_only) + (neither + b_only) * (neither + a_only)) / (n * n)
    return None if p_e >= 1.0 else (p_o - p_e) / (1.0 - p_e)


class Summary(NamedTuple):
    """The statistics of one table: pairable units, percent agreement, Cohen's κ, Krippendorff's α."""

    n_units: int
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None


def summarize(table: UnitTable) -> Summary:
    return Summary(pairable_units(table), percent_agreement(table), cohen_kappa(table),
                   krippendorff_alpha(table))


def summarize_binary(by_mask: Mapping[int, int], coders: int) -> Summary:
    """``summarize`` for binary data without missing values, by arithmetic on bit masks.

    ``by_mask`` maps a mask (bit i set: coder i applied the code) to a number of units. Every
    unit holds ``coders`` values, so a unit where k coders applied the code adds k(k-1) pairs
    1-1, (m-k)(m-k-1) pairs 0-0 and k(m-k) pairs each way 1-0, all divided by m - 1.
    """
    m = coders
    if m == 2:
        return summarize_two(by_mask.get(3, 0), by_mask.get(1, 0), by_mask.get(2, 0),
                              by_mask.get(0, 0))
    units = p11 = p00 = p10 = 0
    for mask, w in by_mask.items():
        k = mask.bit_count()
        units += w
        p11 += w * k * (k - 1)
        p00 += w * (m - k) * (m - k - 1)
        p10 += w * k * (m - k)
    if units == 0 or m < 2:
        return Summary(0, None, None, None)
    n = units * m  # pairable values: Σ o_ck
    n1 = (p11 + p10) / (m - 1)
    n0 = (p00 + p10) / (m - 1)
    percent = 100.0 * (p11 + p00) / (m - 1) / n
    alpha = None if n1 * n0 == 0 else 1.0 - (n - 1) * (2 * p10 / (m - 1)) / (2 * n1 * n0)
    kappa = None
    if m == 2:
        kappa = cohen_kappa_2x2(by_mask.get(3, 0), by_mask.get(1, 0), by_mask.get(2, 0),
                                by_mask.get(0, 0))
    return Summary(units, percent, kappa, alpha)


def summarize_two(both: int, a_only: int, b_only: int, neither: int) -> Summary:
    """Two coders, binary: o_11 = 2·both, o_00 = 2·neither, o_10 = o_01 = a_only + b_only.

    κ is ``cohen_kappa_2x2`` written out: this runs once per code and document of a table.
    """
    differ = a_only + b_only
    units = both + differ + neither
    if units == 0:
        return Summary(0, None, None, None)
    n1, n0 = 2 * both + differ, 2 * neither + differ
    alpha = None if n1 * n0 == 0 else 1.0 - (2 * units - 1) * differ / (n1 * n0)
    # p_e · n² = (both + a_only)(both + b_only) + (neither + b_only)(neither + a_only)
    expected = (both + a_only) * (both + b_only) + (neither + b_only) * (neither + a_only)
    square = units * units
    kappa = (None if expected >= square
             else ((both + neither) * units - expected) / (square - expected))
    return Summary(units, 100.0 * (both + neither) / units, kappa, alpha)


def pairable_units(table: UnitTable) -> int:
    """Units with at least two values (those the statistics are computed over)."""
    return sum(w for p, w in table.items() if sum(v is not None for v in p) >= 2)


__all__ = ["Pattern", "Summary", "UnitTable", "coincidences", "cohen_kappa", "cohen_kappa_2x2",
           "krippendorff_alpha", "pairable_units", "percent_agreement", "pool",
           "summarize", "summarize_binary", "summarize_two", "table_from_units"]
