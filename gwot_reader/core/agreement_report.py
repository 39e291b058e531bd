"""The agreement table: statistics per code and document, per code, per document and overall."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gwot_reader.core.agreement import (
    Pattern,
    cohen_kappa,
    krippendorff_alpha,
    pairable_units,
    percent_agreement,
    pool,
)
from gwot_reader.core.agreement_units import (
    Span,
    character_table_binary,
    character_table_nominal,
    paragraph_table_binary,
    paragraph_table_nominal,
)

ALL = "*"
UNITS = ("character", "paragraph")
COLUMNS = ("code", "document", "coders", "unit", "n_units", "percent_agreement", "cohen_kappa",
           "krippendorff_alpha")


@dataclass(frozen=True, slots=True)
class UnitDoc:
    """A document as agreement needs it: its length and, for paragraph units, their spans."""

    id: int
    name: str
    length: int
    paragraphs: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class AgreementRow:
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
                      codings: Iterable[tuple[int, int, str, int, int]],
                      unit: str = "character", across: bool = False) -> AgreementResult:
    """Rows for ``codes`` (id, path) over ``docs`` from (document_id, code_id, coder, start, end).

    Without ``across`` each code is a binary variable (applied or not) per unit; with it the
    codes are the categories of one nominal variable. Overall rows pool the units of the rows
    they cover (a unit of one code and one document counts once).
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    coder_index = {c: i for i, c in enumerate(coders)}
    doc_ids = {d.id for d in docs}
    code_ids = {c for c, _ in codes}
    # (code or 0 when across, document) -> per coder: spans, or (start, end, code) when across
    groups: dict[tuple[int, int], list[list[Any]]] = {}
    for doc_id, code_id, coder, start, end in codings:
        i = coder_index.get(coder)
        if i is None or doc_id not in doc_ids or code_id not in code_ids:
            continue
        key = (0 if across else code_id, doc_id)
        per_coder = groups.get(key)
        if per_coder is None:
            per_coder = groups[key] = [[] for _ in coders]
        per_coder[i].append((start, end, code_id) if across else (start, end))
    label = ",".join(coders)
    result = AgreementResult()

    def row(code: str, doc: str, table: Counter[Pattern]) -> AgreementRow:
        return AgreementRow(code, doc, label, unit, pairable_units(table), percent_agreement(table),
                            cohen_kappa(table), krippendorff_alpha(table))

    def size(d: UnitDoc) -> int:
        return d.length if unit == "character" else len(d.paragraphs)

    blank: Pattern = (0,) * len(coders)
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
            result.rows.append(row(ALL, d.name, table))
        result.rows.append(row(ALL, ALL, pool(by_doc)))
        return result

    per_doc: dict[int, Counter[Pattern]] = {d.id: Counter() for d in docs}
    overall: Counter[Pattern] = Counter()
    for code_id, path in codes:
        per_code: Counter[Pattern] = Counter()
        uncoded = 0
        for d in docs:
            coded = groups.get((code_id, d.id))
            if coded is None:
                uncoded += size(d)
                per_doc[d.id][blank] += size(d)
                continue
            if unit == "character":
                table = character_table_binary(d.length, coded)
            else:
                table = paragraph_table_binary(d.paragraphs, coded)
            result.rows.append(row(path, d.name, table))
            per_code.update(table)
            per_doc[d.id].update(table)
        if uncoded:
            per_code[blank] += uncoded
        result.rows.append(row(path, ALL, per_code))
        overall.update(per_code)
    result.rows += [row(ALL, d.name, per_doc[d.id]) for d in docs]
    result.rows.append(row(ALL, ALL, overall))
    return result


def cu_alpha(length: int, coders: Sequence[Iterable[tuple[int, int, int]]]) -> float | None:
    """Krippendorff's cu-α of one continuum: (start, end, category) segments per coder.

    The coincidence of categories over the characters that two or more coders segmented as
    relevant, each overlap weighted by its length; matter a coder left uncoded is no value
    (Krippendorff, Mathet, Bouvry & Widlöcher 2016; Krippendorff 2019, section 12.6.5).
    """
    return krippendorff_alpha(character_table_nominal(length, coders)[0])


__all__ = ["ALL", "COLUMNS", "UNITS", "AgreementResult", "AgreementRow", "UnitDoc",
           "compute_agreement", "cu_alpha"]
