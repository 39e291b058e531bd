"""The registry of export formats (and the codebook formats that also import), for every caller.

The CLI (``export --format``, ``codebook import/export``), the File menu and the Codebook menu
pick a format here, by name or by a file's extension; the format's module is imported only
when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwot_reader.core.errors import GwotError

if TYPE_CHECKING:
    from gwot_reader.store import Project


@dataclass(frozen=True)
class Exporter:
    """One format: what it writes, its files, and the functions that write (and read) it."""

    name: str  # the CLI's ``export --format`` value
    kind: str  # "segments", "codebook", "report" or "project"
    suffixes: tuple[str, ...]  # extensions of its files, the usual one first
    pattern: str  # the file dialog's filter
    counts: str  # what the number an export returns counts
    writer: str  # "module:function(project, path, ...) -> int"
    reader: str = ""  # "module:function(project, path) -> report", for formats that import
    csv: bool = False  # takes the CSV options (a BOM, formula-like cells left raw)

    def export(self, project: Project, path: str | Path, *, bom: bool = False,
               neutralise: bool = True) -> int:
        options = {"bom": bom, "neutralise": neutralise} if self.csv else {}
        return int(_load(self.writer)(project, path, **options))

    def import_(self, project: Project, path: str | Path) -> Any:
        if not self.reader:
            raise GwotError(f"{self.name} files can be written, not read")
        return _load(self.reader)(project, path)


def _load(target: str) -> Callable[..., Any]:
    module, _, function = target.partition(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return fn


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


register_exporter(Exporter(
    "segments-csv", "segments", (".csv", ".tsv"), "CSV files (*.csv)", "coded segments",
    "gwot_reader.exchange.segments_csv:export_segments_csv", csv=True))
register_exporter(Exporter(
    # .xlsx codebooks are read, not written; a .qdpx given as a codebook is named as a project
    "codebook-csv", "codebook", (".csv", ".tsv", ".txt", ".xlsx", ".qdpx"), "CSV files (*.csv)",
    "codes",
    "gwot_reader.exchange.codebook_csv:export_codebook_csv",
    "gwot_reader.exchange.codebook_csv:import_codebook_csv", csv=True))
register_exporter(Exporter(
    "codebook-qdc", "codebook", (".qdc",), "REFI-QDA codebooks (*.qdc)", "codes (REFI-QDA)",
    "gwot_reader.exchange.refi_codebook:export_qdc",
    "gwot_reader.exchange.refi_codebook:import_qdc"))
register_exporter(Exporter(
    "codebook-html", "report", (".html", ".htm"), "Web pages (*.html)",
    "codes (HTML codebook report)", "gwot_reader.exchange.report_html:export_codebook_html"))

register_exporter(Exporter(
    # always neutralised: formula-like texts are text cells (--raw-cells is for CSV)
    "segments-xlsx", "segments", (".xlsx",), "Excel workbooks (*.xlsx)", "coded segments (Excel)",
    "gwot_reader.exchange.segments_xlsx:export_segments_xlsx"))
register_exporter(Exporter(
    "report-html", "report", (".html", ".htm"), "Web pages (*.html)",
    "coded segments (HTML report)", "gwot_reader.exchange.segments_report:export_segments_html"))
register_exporter(Exporter(
    "qdpx", "project", (".qdpx",), "REFI-QDA projects (*.qdpx)", "codings (REFI-QDA project)",
    "gwot_reader.exchange.qdpx:export_qdpx", "gwot_reader.exchange.qdpx:import_qdpx"))


def codebook_format(path: str | Path, default: str | None = None) -> Exporter:
    """The codebook format of a file, by its extension (or ``default`` if none fits)."""
    suffix = Path(path).suffix.lower()
    for exporter in EXPORTERS.values():
        if exporter.kind == "codebook" and suffix in exporter.suffixes:
            return exporter
    if default is not None:
        return EXPORTERS[default]
    known = " or ".join(e.suffixes[0] for e in EXPORTERS.values() if e.kind == "codebook")
    raise GwotError(f"cannot tell the codebook format of {str(path)!r}: use {known}")
