"""Bringing a read ``QProject`` into a project: in one transaction, with a report.

Everything slow (decoding, choosing the position unit, checking each selection against its
text, reading PDFs and DOCX files) is done first, outside the write transaction; the write is
one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.core.model import Change, Code
from gwot_reader.core.textnorm import normalise_newlines
from gwot_reader.core.words import plural
from gwot_reader.exchange.codebook_merge import (
    CodebookMerger,
    CodeEntry,
    MergeReport,
    normalise_colour,
)
from gwot_reader.exchange.qdpx.attributes import document_fields, import_sets, import_variables
from gwot_reader.exchange.qdpx.ids import derived
from gwot_reader.exchange.qdpx.model import QCode, QNote, QProject, QSelection, QSource
from gwot_reader.exchange.qdpx.positions import (
    UNIT_NAMES,
    Placement,
    SourceText,
    UnitChoice,
    choose_unit,
    place,
)
from gwot_reader.exchange.qdpx.writer import MEDIA as _MEDIA
from gwot_reader.exchange.readers import Extracted
from gwot_reader.exchange.refi_codebook import decode_description
from gwot_reader.store import Project, search
from gwot_reader.store.base import new_guid
from gwot_reader.store.exchange_rows import (
    CodingRow,
    DocumentInserter,
    bulk_cache,
    ensure_coder,
    insert_codings,
    insert_memo,
    insert_region,
    memo_guids,
    present_coding_guids,
)


@dataclass
class QdpxReport:
    """What an import did: per source and per selection, as a user reads it."""

    origin: str = ""
    unit: str = ""
    unit_by: str = ""
    documents: list[str] = field(default_factory=list)
    documents_kept: list[str] = field(default_factory=list)  # already in the project
    documents_skipped: list[str] = field(default_factory=list)  # "name: why"
    codebook: MergeReport = field(default_factory=MergeReport)
    exact: int = 0
    reanchored: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    already_present: int = 0
    regions: int = 0
    memos: int = 0
    coders: list[str] = field(default_factory=list)
    sets: int = 0  # document sets
    sets_aside: int = 0  # sets of codes or notes, kept for export
    variables: int = 0  # variables added
    values: int = 0  # variable values set
    warnings: list[str] = field(default_factory=list)

    @property
    def codings(self) -> int:
        return self.exact + len(self.reanchored)

    def summary(self) -> str:
        return (f"{plural(len(self.documents), 'document')}, {plural(self.codings, 'coding')} "
                f"({self.exact} exact, {len(self.reanchored)} re-anchored, "
                f"{len(self.dropped)} dropped), {plural(self.memos, 'memo')}, "
                f"{plural(len(self.coders), 'coder')}; "
                f"codebook: {self.codebook.summary()}")

    def details(self) -> list[str]:
        out = [f"from {self.origin or 'an unnamed tool'}; positions read as "
               f"{UNIT_NAMES.get(self.unit, self.unit)} (chosen by {self.unit_by})"]
        out += [f"document {d} was already in the project; its codings were merged"
                for d in self.documents_kept]
        out += [f"skipped source {d}" for d in self.documents_skipped]
        if self.already_present:
            out.append(f"{self.already_present} codings were already in the project (same GUID)")
        out += [f"re-anchored {r}" for r in self.reanchored]
        out += [f"dropped {d}" for d in self.dropped]
        if self.sets:
            out.append(f"{self.sets} document sets")
        if self.sets_aside:
            out.append(f"{self.sets_aside} sets of codes or notes kept with the project "
                       "(written back on export)")
        if self.variables or self.values:
            out.append(f"{self.variables} variables added, {self.values} values set")
        out += self.warnings
        return out


@dataclass
class _Prepared:
    """A source ready to store: originals and placed selections (its text is decoded again
    when stored: holding every text at once would take four bytes a character)."""

    src: QSource
    extracted: Extracted | None = None
    placements: list[tuple[QSelection, Placement]] = field(default_factory=list)
    pdf_pages: bool = False

    def text(self) -> str:
        if self.extracted is not None:
            return self.extracted.text
        return normalise_newlines(self.src.raw_text() or "")


UNIT_SAMPLE = 20  # sources whose selections are checked under every unit


def prepare(q: QProject) -> tuple[list[_Prepared], UnitChoice, list[str]]:
    """The slow part, before any write: texts, the unit, every selection placed."""
    skipped: list[str] = []
    ready: list[tuple[QSource, Extracted | None]] = []
    for src in q.sources:
        if src.problem:
            skipped.append(f"{src.name}{_lost(src)}: {src.problem}")
        elif src.stored is not None:
            ready.append((src, None))
        elif (ex := _extract(src)) is not None:  # a DOCX without its plain text
            ready.append((src, ex))
        else:
            skipped.append(f"{src.name}{_lost(src)}: no text")
    samples: list[tuple[SourceText, list[tuple[int, int, str]]]] = []
    for src, ex in ready:
        if ex is None and any(s.box is None for s in src.selections):
            sample = SourceText(src.raw_text() or "")
            if sample.ambiguous:
                samples.append((sample, [(s.start, s.end, s.name) for s in src.selections[:200]
                                     if s.box is None]))
                if len(samples) >= UNIT_SAMPLE:
                    break
    unit = choose_unit(samples, q.origin)
    del samples
    prepared: list[_Prepared] = []
    for src, extracted in ready:
        st: SourceText | None = None
        if extracted is None:
            raw, warning = src.decoded()
            if warning:
                q.warnings.append(f"source {src.name!r} {warning}")
            st = SourceText(raw or "")
            if not st.text.strip() and not src.selections:
                skipped.append(f"{src.name}: the source holds no text")
                continue
            if src.original and src.original_ext in _MEDIA:
                ex = _extract(src)
                # the same text as ours: keep its formatting runs (and a PDF's word maps)
                if ex is not None and ex.text == st.text:
                    extracted = ex
        text = st.text if st is not None else extracted.text if extracted is not None else ""
        p = _Prepared(src, extracted,
                      pdf_pages=bool(extracted and extracted.after_insert and src.kind == "pdf"))
        same = st.same_units(unit.unit) if st is not None else False
        made: SourceText | None = None  # the text made from a DOCX, once per source
        for sel in src.selections:
            if sel.box is not None:
                p.placements.append((sel, Placement("region")))
            elif sel.end == -1:
                p.placements.append((sel, Placement("exact", 0, len(text)) if text else
                                     Placement("dropped", why="the source holds no text")))
            elif st is None:
                # positions of a text made here from the DOCX cannot be trusted blindly
                made = made or SourceText(text)
                p.placements.append((sel, place(made, sel.start, sel.end, "cp-raw", sel.name)))
            else:
                p.placements.append((sel, place(st, sel.start, sel.end, unit.unit, sel.name, same)))
        prepared.append(p)
    return prepared, unit, skipped


def _lost(src: QSource) -> str:
    """What a skipped source takes with it, for the report: its codings, if any."""
    n = sum(len(sel.codings) for sel in src.selections)
    return f" (and its {n} coding{'s' if n != 1 else ''})" if n else ""


def _extract(src: QSource) -> Extracted | None:
    from gwot_reader.exchange.textimport import extract

    try:
        return extract(Path(f"{src.name}{src.original_ext}"), src.original,
                       src.original_ext.lstrip("."))
    except GwotError:
        return None


class _Loader:
    def __init__(self, project: Project, q: QProject, label: str) -> None:
        self.p, self.q, self.label = project, q, label
        self.report = QdpxReport(origin=q.origin)
        self.ours = q.origin.startswith("GWOT Reader")
        self.code_ids: dict[str, int] = {}
        self.categories: set[int] = set()
        self.coder_names: dict[str, str] = {}

    # -- users ----------------------------------------------------------------------------------
    def users(self) -> None:
        for guid, name in self.q.users.items():
            name = name or f"user {guid[:8]}"
            ensure_coder(self.p, name, guid)
            self.coder_names[guid] = name
            self.report.coders.append(name)

    def coder(self, *guids: str) -> str:
        for g in guids:
            if g:
                if g not in self.coder_names:
                    self.coder_names[g] = f"user {g[:8]}"
                    self.report.coders.append(self.coder_names[g])
                return self.coder_names[g]
        return self.p.coder

    # -- codebook -------------------------------------------------------------------------------
    def codebook(self, coded: set[str]) -> None:
        merger = CodebookMerger(self.p)

        def merge(c: QCode, parent: Code | None) -> None:
            name = c.name or "(unnamed code)"
            where = f"code {name!r}"
            fields: dict[str, object] = {"is_category": c.is_category and c.guid not in coded}
            if c.is_category and c.guid in coded:
                self.report.warnings.append(f"{where} is not codable in the file but has "
                                            "codings; it was imported as a code")
            if c.color:
                try:
                    fields["color"] = normalise_colour(c.color, where)
                except ImportError_:
                    self.report.warnings.append(f"{where}: colour {c.color!r} ignored")
            if c.description.strip():
                fields.update(decode_description(c.description))
            memo = self.code_memo(c)
            if memo is not None:
                fields["memo"] = memo
            code = merger.merge(CodeEntry(name, c.guid, fields, where), parent)
            self.code_ids[c.guid] = code.id
            if code.is_category:
                self.categories.add(code.id)
            for child in c.children:
                merge(child, code)

        for c in self.q.codes:
            merge(c, None)
        self.report.codebook = merger.finish()

    def code_memo(self, c: QCode) -> str | None:
        own = derived("code-memo", c.guid)
        for i, g in enumerate(c.note_guids):
            note = self.q.notes.get(g)
            if note and (g == own or (not self.ours and i == 0)):
                self.used_notes.add(g)
                return normalise_newlines(note.text)
        return None

    # -- everything -----------------------------------------------------------------------------
    def run(self, prepared: list[_Prepared], unit: UnitChoice, skipped: list[str]) -> QdpxReport:
        r = self.report
        r.unit, r.unit_by = unit.unit, unit.by
        r.documents_skipped += skipped
        r.warnings += self.q.warnings
        self.used_notes: set[str] = set()
        coded = {c.code_guid for p in prepared for s, _ in p.placements for c in s.codings}
        with bulk_cache(self.p), self.p.transaction():
            if len(prepared) >= search.BULK:
                search.SearchIndex(self.p.db).defer()
            self.docs = DocumentInserter(self.p)
            self.users()
            self.codebook(coded)
            doc_guids: dict[str, str] = {}
            rows: list[CodingRow] = []
            regions: list[tuple[str, int, int, tuple[float, float, float, float]]] = []
            seen: set[str] = set()
            guids = [c.guid for p in prepared for s, _ in p.placements for c in s.codings if c.guid]
            present = present_coding_guids(self.p, guids)
            doc_ids = []
            for p in prepared:
                text = p.text()
                doc_id, doc_guid = self.document(p, text)
                doc_ids.append(doc_id)
                doc_guids[p.src.guid] = doc_guid
                self.selections(p, text, doc_id, present, seen, rows, regions)
                del text
            insert_codings(self.p, rows, source=self.label)
            for guid, doc_id, page, box in regions:
                insert_region(self.p, guid, doc_id, page, box)
            r.regions = len(regions)
            self.memos(prepared, doc_guids)
            by_source = {p.src.guid: d for p, d in zip(prepared, doc_ids, strict=True)}
            r.variables, r.values = import_variables(self.p, self.q, by_source, r.warnings)
            r.sets, r.sets_aside = import_sets(
                self.p, self.q, by_source,
                {g: self.p.codebook.get(i).guid for g, i in self.code_ids.items()})
            ids = frozenset(doc_ids)
            for kind in ("documents", "codebook", "codings", "memos"):
                self.p.notify(Change(kind, document_ids=ids if kind != "codebook" else frozenset()))
            self.p.history.log("import", "project", self.p.guid, {
                "from": self.label, "origin": self.q.origin, "documents": len(r.documents),
                "codings": r.codings, "dropped": len(r.dropped)})
        return r

    def document(self, p: _Prepared, text: str) -> tuple[int, str]:
        src, ex = p.src, p.extracted
        existing = self.docs.find(src.guid)
        guid = src.guid
        if existing is not None:
            if self.p.documents.text(existing) == text:
                doc = self.p.documents.get(existing)
                self.report.documents_kept.append(doc.name)
                return doc.id, doc.guid
            self.report.warnings.append(f"document {src.name!r}: the project has another text "
                                        "under its GUID; imported as a new document")
            guid = new_guid()
        v = document_fields(src)
        year = v.get("year", "").strip()
        ext = src.original_ext
        media = _MEDIA.get(ext, "text/plain") if src.original is not None else "text/plain"
        runs = ex.runs if ex is not None and ex.text == text else []
        name = self.docs.unique_name(src.name)
        doc_id = self.docs.add(
            guid, name, text, source_name=src.name + (ext or ".txt"), source_bytes=src.original,
            media_type=media, runs_json=json.dumps([r.to_list() for r in runs]),
            title=v.get("title", "") or (ex.title if ex else ""),
            authors=v.get("authors", "") or (ex.authors if ex else ""),
            year=int(year) if year.isdigit() else (ex.year if ex else None),
            kind=v.get("kind", ""), notes=normalise_newlines(src.description))
        if p.pdf_pages and ex is not None and ex.after_insert is not None:
            ex.after_insert(self.p, self.p.documents.get(doc_id))
        self.report.documents.append(name)
        return doc_id, guid

    def selections(self, p: _Prepared, text: str, doc_id: int, present: set[str],
                   seen: set[str], rows: list[CodingRow],
                   regions: list[tuple[str, int, int, tuple[float, float, float, float]]]) -> None:
        # the hot loop of an import's write (one pass per coding): nothing built that the
        # usual exact coding does not need
        r = self.report
        code_ids, categories, coders = self.code_ids, self.categories, self.coder_names
        project_user = self.q.user_guid
        for sel, at in p.placements:
            if at.how == "region" and sel.box is not None:
                if not p.pdf_pages:
                    for _ in sel.codings:
                        r.dropped.append(f"{p.src.name}, a region on page {sel.page}: regions are "
                                         "kept only on PDFs whose text GWOT Reader reads the same")
                    continue
                try:
                    at = Placement("exact", *self.p.pages.region_span(doc_id, sel.page, sel.box))
                except GwotError as exc:
                    for _ in sel.codings:
                        r.dropped.append(f"{p.src.name}, a region on page {sel.page}: {exc}")
                    continue
            how = at.how
            for c in sel.codings:
                if c.guid and (c.guid in present or c.guid in seen):
                    r.already_present += 1
                    self.coding_memo(sel, c.guid, c.note_guids)  # its memo is there already
                    continue
                code_id = code_ids.get(c.code_guid)
                if how == "dropped" or code_id is None or code_id in categories:
                    where = f"{p.src.name} [{sel.start}, {sel.end})"
                    r.dropped.append(
                        f"{where}: {at.why}" if how == "dropped" else
                        f"{where}: its code {c.code_guid} is not in the codebook"
                        if code_id is None else f"{where}: its code is a category in this project")
                    continue
                guid = c.guid or derived("coding", f"{sel.guid}:{c.code_guid}")
                seen.add(guid)
                if how == "re-anchored":
                    r.reanchored.append(f"{p.src.name} [{sel.start}, {sel.end}) -> "
                                        f"[{at.start}, {at.end}) ({p.src.name})")
                else:
                    r.exact += 1
                memo = (self.coding_memo(sel, c.guid, c.note_guids)
                        if c.note_guids or sel.note_guids else "")
                user = c.user_guid or sel.user_guid or project_user
                coder = coders.get(user) if user else None
                if coder is None:
                    coder = self.coder(c.user_guid, sel.user_guid, project_user)
                rows.append((guid, doc_id, code_id, at.start, at.end, text[at.start:at.end],
                             coder, memo, c.created or sel.created,
                             sel.modified or c.created or sel.created))
                if sel.box is not None:
                    regions.append((guid, doc_id, sel.page, sel.box))

    def coding_memo(self, sel: QSelection, guid: str, note_guids: list[str]) -> str:
        if not note_guids and not sel.note_guids:
            return ""
        own = derived("coding-memo", guid) if guid else ""
        parts = []
        for g in [*note_guids, *sel.note_guids]:
            note = self.q.notes.get(g)
            if note is None or (self.ours and g != own):
                continue
            self.used_notes.add(g)
            parts.append(normalise_newlines(note.text))
        return "\n\n".join(p for p in parts if p)

    # -- memos and sets -------------------------------------------------------------------------
    def memos(self, prepared: list[_Prepared], doc_guids: dict[str, str]) -> None:
        q, have = self.q, memo_guids(self.p)
        targets: dict[str, tuple[str, str]] = {}
        for c in q.all_codes():
            code_id = self.code_ids.get(c.guid)
            if code_id is not None:
                for g in c.note_guids:
                    targets.setdefault(g, ("code", self.p.codebook.get(code_id).guid))
        for p in prepared:
            for g in p.src.note_guids:
                targets.setdefault(g, ("document", doc_guids[p.src.guid]))
            for sel, _ in p.placements:
                for coding in sel.codings:
                    for g in coding.note_guids:
                        targets.setdefault(g, ("coding", coding.guid))
        for g in q.project_note_guids:
            targets.setdefault(g, ("project", ""))
        for note in q.notes.values():
            if note.guid in self.used_notes or note.guid in have:
                continue
            kind, target = targets.get(note.guid, ("project", ""))
            self._memo(note, kind, target)

    def _memo(self, note: QNote, kind: str, target: str) -> None:
        insert_memo(self.p, note.guid, kind, target, note.name, normalise_newlines(note.text),
                    self.coder(note.user_guid), note.created, note.modified)
        self.report.memos += 1


@dataclass
class Preview:
    """A .qdpx read and checked, not yet written: what the import would bring, for a dialog."""

    q: QProject
    label: str
    prepared: list[_Prepared]
    unit: UnitChoice
    skipped: list[str]

    def counts(self) -> dict[str, int]:
        placed = [at.how for p in self.prepared for sel, at in p.placements for _ in sel.codings]
        return {**self.q.counts(), "exact": placed.count("exact"),
                "re-anchored": placed.count("re-anchored"), "dropped": placed.count("dropped"),
                "regions": placed.count("region"), "skipped sources": len(self.skipped)}

    def lines(self) -> list[str]:
        """What the import would do, in the words a user reads before saying yes."""
        c = self.counts()
        return [f"From: {self.q.origin or 'an unnamed tool'} (project {self.q.name!r})",
                f"Positions: {UNIT_NAMES.get(self.unit.unit, self.unit.unit)}, chosen by "
                f"{self.unit.by}",
                f"Sources: {c['sources']}" + (f" ({c['skipped sources']} cannot be imported)"
                                              if c["skipped sources"] else ""),
                f"Codes: {c['codes']}",
                f"Codings: {c['codings']} ({c['exact']} exact, {c['re-anchored']} re-anchored, "
                f"{c['dropped']} dropped" + (f", {c['regions']} on PDF pages" if c["regions"]
                                             else "") + ")",
                f"Memos: {c['notes']}", f"Users (coders): {c['users']}",
                *([f"Sets: {c['sets']}"] if c["sets"] else []),
                *([f"Variables: {c['variables']}" + (f" (and {c['cases']} cases holding values)"
                                                     if c["cases"] else "")]
                  if c["variables"] else []),
                *self.skipped, *self.q.warnings]


def preview_qdpx(path: str | Path) -> Preview:
    """Read and check a .qdpx (the slow part, and nothing written): a Preview to apply."""
    from gwot_reader.exchange.qdpx.reader import read_qdpx

    path = Path(path)
    q = read_qdpx(path)
    prepared, unit, skipped = prepare(q)
    return Preview(q, path.name, prepared, unit, skipped)


def apply_preview(project: Project, pv: Preview) -> QdpxReport:
    """Write what ``pv`` holds into the project, in one transaction."""
    return _Loader(project, pv.q, pv.label).run(pv.prepared, pv.unit, pv.skipped)


def load_qproject(project: Project, q: QProject, label: str = "") -> QdpxReport:
    prepared, unit, skipped = prepare(q)
    return _Loader(project, q, label).run(prepared, unit, skipped)


def import_qdpx(project: Project, path: str | Path) -> QdpxReport:
    """Import a .qdpx into a project: all of it (as the report says) or, on error, nothing."""
    return apply_preview(project, preview_qdpx(path))
