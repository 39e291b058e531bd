"""The agreement table: statistics per code and document, per code, per document and overall."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from gwot_reader.core.agreement import (
    Pattern,
    Summary,
    krippendorff_alpha,
    pool,
    summarize,
    summarize_binary,
    summarize_two,
)
from gwot_reader.core.agreement_units import (
    UNITS,
    Counts,
    Span,
    character_masks,
    character_table_nominal,
    pack_scale,
    packed,
    paragraph_masks,
    paragraph_table_nominal,
    two_coder_counts,
)

ALL = "*"
COLUMNS = ("code", "document", "coders", "unit", "n_units", "percent_agreement", "cohen_kappa",
           "krippendorff_alpha")


@dataclass(frozen=True, slots=True)
class UnitDoc:
    """A document as agreement needs it: its length and, for paragraph units, their spans."""

    id: int
    name: str
    length: int
    paragraphs: tuple[Span, ...] = ()


class AgreementRow(NamedTuple):
    """One row of the table (a named tuple: tens of thousands are made per table)."""

    code: str
    document: str
    coders: str
    unit: str
    n_units: int
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None


@dataclass
class AgreementResult:
    rows: list[AgreementRow] = field(default_factory=list)
    # (coder, document, units): units where a coder applied two codes of an --across set
    double_coded: list[tuple[str, str, int]] = field(default_factory=list)


def compute_agreement(coders: Sequence[str], docs: Sequence[UnitDoc],
                      codes: Sequence[tuple[int, str]],
                      codings: Iterable[tuple[int, int, int, int, int]],
                      unit: str = "character", across: bool = False, *,
                      counts: Mapping[tuple[int, int], Counts] | None = None) -> AgreementResult:
    """Rows for ``codes`` (id, path) over ``docs`` from (document_id, code_id, coder, start, end).

    ``coder`` is the coder's index in ``coders``. ``counts``: for two coders at character level
    without ``across``, the (both, only first, only second, neither) characters per (code,
    document) from ``two_coder_counts`` instead of ``codings`` (the store reads them packed).

    Without ``across`` each code is a binary variable (applied or not) per unit; with it the
    codes are the categories of one nominal variable. Overall rows pool the units of the rows
    they cover (a unit of one code and one document counts once).
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    doc_ids = {d.id for d in docs}
    code_ids = {c for c, _ in codes}
    m = len(coders)
    label = ",".join(coders)
    if m == 2 and unit == "character" and not across:
        if counts is None:
            lengths = {d.id: d.length for d in docs}
            two = [r for r in codings if r[0] in doc_ids and r[1] in code_ids and 0 <= r[2] < 2]
            big, n_docs = pack_scale(lengths, two)
            counts = two_coder_counts(*packed(two, big, n_docs), big, n_docs, lengths)
        return _two_coders(label, docs, codes, counts)
    rows = [r for r in codings if r[0] in doc_ids and r[1] in code_ids and 0 <= r[2] < m]
    # (code or 0 when across, document) -> per coder: spans, or (start, end, code) when across
    groups: dict[tuple[int, int], list[list[Any]]] = {}
    for doc_id, code_id, coder, start, end in rows:
        key = (0 if across else code_id, doc_id)
        per_coder = groups.get(key)
        if per_coder is None:
            per_coder = groups[key] = [[] for _ in coders]
        per_coder[coder].append((start, end, code_id) if across else (start, end))
    result = AgreementResult()

    def row(code: str, doc: str, summary: Summary) -> AgreementRow:
        return AgreementRow(code, doc, label, unit, summary.n_units, summary.percent_agreement,
                            summary.cohen_kappa, summary.krippendorff_alpha)

    doc_at = {d.id: (i, d) for i, d in enumerate(docs)}
    if across:
        by_doc: list[Counter[Pattern]] = []
        for d in docs:
            spans = groups.get((0, d.id), [[] for _ in coders])
            if unit == "character":
                table, double = character_table_nominal(d.length, spans)
            else:
                table, double = paragraph_table_nominal(d.paragraphs, spans)
            result.double_coded += [(c, d.name, n) for c, n in zip(coders, double, strict=True) if n]
            by_doc.append(table)
            result.rows.append(row(ALL, d.name, summarize(table)))
        result.rows.append(row(ALL, ALL, summarize(pool(by_doc))))
        return result

    # Binary variables: every table is {coder mask: units}, pooled by adding counts.
    masks_of = {key: character_masks(doc_at[key[1]][1].length, coded) if unit == "character"
                else paragraph_masks(doc_at[key[1]][1].paragraphs, coded)
                for key, coded in groups.items()}
    sizes = {d.id: d.length if unit == "character" else len(d.paragraphs) for d in docs}
    per_doc: dict[int, dict[int, int]] = {d.id: {0: 0} for d in docs}
    overall: dict[int, int] = {0: 0}
    total = sum(sizes.values())
    by_code: dict[int, list[tuple[UnitDoc, dict[int, int]]]] = {}
    for (code_id, doc_id), masks in sorted(masks_of.items(), key=lambda g: doc_at[g[0][1]][0]):
        by_code.setdefault(code_id, []).append((doc_at[doc_id][1], masks))
    for code_id, path in codes:
        per_code: dict[int, int] = {0: 0}
        seen = 0
        for d, masks in by_code.get(code_id, ()):
            result.rows.append(row(path, d.name, summarize_binary(masks, m)))
            _add(per_code, masks)
            _add(per_doc[d.id], masks)
            seen += sizes[d.id]
        per_code[0] += total - seen  # documents where nobody applied the code: all 0
        result.rows.append(row(path, ALL, summarize_binary(per_code, m)))
        _add(overall, per_code)
    uncoded = dict.fromkeys(sizes, len(codes))
    for pairs in by_code.values():
        for d, _ in pairs:
            uncoded[d.id] -= 1
    for d in docs:
        per_doc[d.id][0] += uncoded[d.id] * sizes[d.id]
    result.rows += [row(ALL, d.name, summarize_binary(per_doc[d.id], m)) for d in docs]
    result.rows.append(row(ALL, ALL, summarize_binary(overall, m)))
    return result


def _two_coders(label: str, docs: Sequence[UnitDoc], codes: Sequence[tuple[int, str]],
                counts: Mapping[tuple[int, int], Counts]) -> AgreementResult:
    """The binary rows of two coders at character level from their counts per (code, document):
    the same rows as the general path, with sums of four numbers instead of mask tables."""
    result = AgreementResult()
    rows = result.rows
    pos = {d.id: i for i, d in enumerate(docs)}
    code_ids = {c for c, _ in codes}
    by_code: dict[int, list[tuple[int, Counts]]] = {}
    for (code_id, doc_id), c in counts.items():
        at = pos.get(doc_id)
        if at is not None and code_id in code_ids:
            by_code.setdefault(code_id, []).append((at, c))
    per_doc = [[0, 0, 0, 0] for _ in docs]
    coded_codes = [0] * len(docs)  # codes someone applied in the document
    total = sum(d.length for d in docs)
    overall = [0, 0, 0, 0]

    def row(code: str, doc: str, both: int, a: int, b: int, neither: int) -> AgreementRow:
        return AgreementRow(code, doc, label, "character", *summarize_two(both, a, b, neither))

    for code_id, path in codes:
        seen = 0
        s0 = s1 = s2 = s3 = 0
        for at, (both, a, b, neither) in sorted(by_code.get(code_id, ())):
            d = docs[at]
            rows.append(AgreementRow(path, d.name, label, "character",
                                     *summarize_two(both, a, b, neither)))
            into = per_doc[at]  # written out: this loop runs once per code and document
            into[0] += both
            into[1] += a
            into[2] += b
            into[3] += neither
            s0 += both
            s1 += a
            s2 += b
            s3 += neither
            coded_codes[at] += 1
            seen += d.length
        sums = [s0, s1, s2, s3 + total - seen]  # where nobody applied the code: all "neither"
        rows.append(row(path, ALL, *sums))
        for k in range(4):
            overall[k] += sums[k]
    for at, d in enumerate(docs):
        sums_doc = per_doc[at]
        sums_doc[3] += (len(codes) - coded_codes[at]) * d.length
        rows.append(row(ALL, d.name, *sums_doc))
    rows.append(row(ALL, ALL, *overall))
    return result


def _add(into: dict[int, int], counts: dict[int, int]) -> None:
    for k, v in counts.items():
        into[k] = into.get(k, 0) + v


def cu_alpha(length: int, coders: Sequence[Iterable[tuple[int, int, int]]]) -> float | None:
    """Krippendorff's cu-α of one continuum: (start, end, category) segments per coder.

    The coincidence of categories over the characters that two or more coders segmented as
    relevant, each overlap weighted by its length; matter a coder left uncoded is no value
    (Krippendorff, Mathet, Bouvry & Widlöcher 2016; Krippendorff 2019, section 12.6.5).
    """
    return krippendorff_alpha(character_table_nominal(length, coders)[0])


__all__ = ["ALL", "COLUMNS", "UNITS", "AgreementResult", "AgreementRow", "UnitDoc",
           "compute_agreement", "cu_alpha"]
