"""The Agreement window's tables: statistics per code and document, and the disagreements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from gwot_reader.core.agreement_report import AgreementRow
from gwot_reader.ui.table_base import TOP, Index

QUOTE = 240  # characters of a coder's part shown in a cell (the tooltip has more)


def fmt(x: float | None, places: int) -> str:
    return "–" if x is None else f"{x:.{places}f}"


class Table(QAbstractTableModel):
    """Rows of cells with a header given at reset; ``payload(row)`` is what the row stands for."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[tuple[str, ...]] = []
        self.payloads: list[object] = []
        self.tips: list[tuple[str, ...]] = []

    def reset(self, header: Sequence[str], rows: Sequence[tuple[str, ...]],
              payloads: Sequence[object] = (), tips: Sequence[tuple[str, ...]] = ()) -> None:
        self.beginResetModel()
        self.header, self.rows = list(header), list(rows)
        self.payloads, self.tips = list(payloads), list(tips)
        self.endResetModel()

    def rowCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and self.tips:
            return self.tips[index.row()][index.column()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2 and not self.tips:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header[section]
        return None

    def payload(self, index: QModelIndex) -> object:
        return self.payloads[index.row()] if index.isValid() and self.payloads else None

    def as_tsv(self) -> str:
        """The table as tab-separated text (pastes as a table into a word processor)."""
        return "\n".join("\t".join(r) for r in [tuple(self.header), *self.rows]) + "\n"


STAT_COLUMNS = ("Code", "Document", "Units", "% agreement", "Cohen's κ", "Krippendorff's α")


def stat_cells(r: AgreementRow) -> tuple[str, ...]:
    """One row as the CSV writes it: two decimals for percentages, four for κ and α."""
    return (r.code, r.document, f"{r.n_units:,}", fmt(r.percent_agreement, 2), fmt(r.cohen_kappa, 4),
            fmt(r.krippendorff_alpha, 4))


@dataclass(frozen=True)
class Passage:
    """A disagreement as the window lists it: where, and each coder's part with its text."""

    document_id: int
    code_id: int
    start: int
    end: int
    coder_spans: tuple[tuple[tuple[int, int], ...], ...]
    code: str
    document: str
    texts: tuple[str, ...]  # per coder: their coded text of the passage ("" for nothing)


def passage_cells(p: Passage) -> tuple[str, ...]:
    return (p.code, p.document, f"{p.start}–{p.end}",
            *(_short(t) if t else "(not coded)" for t in p.texts))


def passage_tips(p: Passage) -> tuple[str, ...]:
    return ("", "", "", *(t[:2000] for t in p.texts))


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    if not one_line:  # a coding of spaces or line breaks only: say so rather than show nothing
        return "(white space)"
    return one_line if len(one_line) <= QUOTE else one_line[:QUOTE - 1] + "…"
