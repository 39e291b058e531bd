"""Team work on a project, for the command line and the window: agreement and merging files."""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gwot_reader.core.agreement_report import AgreementResult, UnitDoc, compute_agreement
from gwot_reader.core.agreement_units import pack_scale, paragraphs, two_coder_counts
from gwot_reader.core.disagreements import Disagreement, disagreements
from gwot_reader.core.errors import GwotError
from gwot_reader.core.merge import MergePlan
from gwot_reader.core.model import Document
from gwot_reader.store import Project
from gwot_reader.store.merge_undo import MergeTrace

Progress = Callable[[int, int, str], bool]  # done, total, label -> False once cancelled


class Cancelled(GwotError):
    """The user stopped the work; nothing was changed."""


@dataclass
class AgreementRun:
    """What the agreement table is computed on, and what came out."""

    coders: list[str]
    codes: list[tuple[int, str]]  # (id, path)
    documents: list[Document]
    unit: str
    across: bool
    result: AgreementResult = field(default_factory=AgreementResult)
    disagreements: list[Disagreement] = field(default_factory=list)


def check_coders(project: Project, coders: Sequence[str]) -> list[str]:
    coders = [c.strip() for c in coders if c.strip()]
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise GwotError("choose two or more different coders")
    known = set(project.coders.names())
    for c in coders:
        if c not in known:
            raise GwotError(f"coder {c!r} has no codings in this project "
                            f"(coders: {', '.join(sorted(known)) or 'none'})")
    return coders


def chosen_codes(project: Project, refs: Sequence[str | int], used: set[int]) -> list[tuple[int, str]]:
    """(id, path) of the chosen codes (a category stands for the codes below it), in tree order;
    with no refs, every code the coders applied."""
    tree = project.codebook.tree()
    if not refs:
        return [(c.id, tree.path(c.id)) for c in tree if c.id in used and not c.is_category]
    chosen: dict[int, str] = {}
    for ref in refs:
        code = project.codebook.get(ref)
        for c in [code, *tree.descendants(code.id)]:
            if not c.is_category:
                chosen.setdefault(c.id, tree.path(c.id))
    if not chosen:
        raise GwotError(f"{', '.join(map(str, refs))}: no codes to compare (only empty categories)")
    order = {c.id: i for i, c in enumerate(tree)}
    return sorted(chosen.items(), key=lambda kv: order.get(kv[0], 0))


def shared_documents(project: Project, coders: Sequence[str]) -> list[Document]:
    """The documents in which every one of ``coders`` has a coding, in list order."""
    shared = set.intersection(*(project.coders.documents_coded_by(c) for c in coders))
    return [d for d in project.documents.all() if d.id in shared]


def chosen_documents(project: Project, refs: Sequence[str | int], coders: Sequence[str]) -> list[Document]:
    if refs:
        return [project.documents.get(r) for r in refs]
    docs = shared_documents(project, coders)
    if not docs:
        raise GwotError(f"no document has codings by every one of {', '.join(coders)}; "
                        "choose documents with --doc")
    return docs


def agreement(project: Project, coders: Sequence[str], code_refs: Sequence[str | int] = (),
              doc_refs: Sequence[str | int] = (), unit: str = "character", across: bool = False,
              with_disagreements: bool = False, progress: Progress | None = None) -> AgreementRun:
    """The agreement table of ``coders`` (and, if asked, the passages where they disagree)."""
    def step(done: int, label: str) -> None:
        if progress is not None and not progress(done, 100, label):
            raise Cancelled("agreement stopped; nothing was computed")

    with _collector_paused():
        return _agreement(project, coders, code_refs, doc_refs, unit, across, with_disagreements,
                          step, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the tables are built: tens of thousands of tuples
    are made and none is part of a cycle, and the collector's passes over them cost 8 %."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _agreement(project: Project, coders: Sequence[str], code_refs: Sequence[str | int],
               doc_refs: Sequence[str | int], unit: str, across: bool, with_disagreements: bool,
               step: Callable[[int, str], None], progress: Progress | None) -> AgreementRun:
    names = check_coders(project, coders)
    step(0, "reading the codings")
    docs = chosen_documents(project, doc_refs, names)
    counts = None
    rows: list[tuple[int, int, int, int, int]] = []
    if len(names) == 2 and unit == "character" and not across:
        # the common case, read packed from the index (see Coders.packed)
        lengths = {d.id: d.length for d in project.documents.all()}
        big, n_docs = pack_scale(lengths)
        first, second = (project.coders.packed(n, big, n_docs) for n in names)
        counts = two_coder_counts(first, second, big, n_docs, lengths)
        used = {code_id for code_id, _ in counts}
    else:
        rows = project.coders.spans(names)
        used = {code_id for _, code_id, _, _, _ in rows}
    codes = chosen_codes(project, code_refs, used)
    if across and len(codes) < 2:
        raise GwotError("comparing codes as one variable needs two or more codes")
    units = [UnitDoc(d.id, d.name, d.length,
                     tuple(paragraphs(project.documents.text(d.id))) if unit == "paragraph" else ())
             for d in docs]
    step(20, "computing the statistics")
    run = AgreementRun(names, codes, docs, unit, across)
    run.result = compute_agreement(names, units, codes, rows, unit, across, counts=counts)
    if with_disagreements:
        step(40, "finding the disagreements")
        if counts is not None:
            rows = project.coders.spans(names)
        doc_ids, code_ids = {d.id for d in docs}, {c for c, _ in codes}

        def keep_going(done: int, total: int) -> bool:
            return progress is None or progress(40 + 60 * done // max(total, 1), 100,
                                                "finding the disagreements")

        run.disagreements = disagreements(
            len(names), (r for r in rows if r[0] in doc_ids and r[1] in code_ids), keep_going)
    step(100, "done")
    return run


@dataclass
class MergeOutcome:
    plans: list[tuple[str, MergePlan]]
    backup: Path | None  # the copy of the project taken before (None: dry run, or empty project)
    trace: MergeTrace | None = None  # what the merge added and changed (the window's undo)


def merge_files(project: Project, sources: Sequence[str | Path], prefer: str = "target",
                dry_run: bool = False,
                choices: Mapping[str, str] | None = None) -> list[tuple[str, MergePlan]]:
    """Merge project files (``.gwot``) or REFI-QDA projects (``.qdpx``, read into a temporary
    project first) into ``project`` in one transaction, after a backup; ``choices`` decides
    conflicts one by one (``core.merge``), ``prefer`` the rest."""
    return merge_with_backup(project, sources, prefer, dry_run, choices=choices).plans


def merge_with_backup(project: Project, sources: Sequence[str | Path], prefer: str = "target",
                      dry_run: bool = False, progress: Progress | None = None,
                      choices: Mapping[str, str] | None = None) -> MergeOutcome:
    """``merge_files``, saying where the backup taken before it is and what the merge added
    and changed (the window's undo).

    ``progress`` hears each step; when it answers False (Cancel) nothing is changed.
    """
    def keep_going(step: int = 1, label: str = "merging") -> bool:
        return progress is None or progress(step, 3, label)

    from gwot_reader.store.backup import auto_backup
    from gwot_reader.store.merge import merge_projects

    for s in sources:  # refused before a backup is taken
        if Path(s).resolve() == project.path.resolve():
            raise GwotError(f"{Path(s).name} is the project itself")
    if not keep_going(0, "backing up the project"):
        raise Cancelled("merge stopped; nothing was changed")
    backup = None if dry_run else auto_backup(project.db, "before-project-merge")
    with tempfile.TemporaryDirectory(prefix="gwot-merge-") as tmp:
        paths: list[str | Path] = []
        labels: dict[str, str] = {}
        for s in sources:
            if Path(s).suffix.lower() == ".qdpx":
                keep_going(1, f"reading {Path(s).name}")
                converted = _from_qdpx(Path(s), Path(tmp))
                labels[str(converted)] = str(s)
                paths.append(converted)
            else:
                paths.append(s)
        trace = None if dry_run else MergeTrace()
        plans = merge_projects(project, paths, prefer=prefer, choices=choices, dry_run=dry_run,
                               backup=False, keep_going=lambda: keep_going(2, "merging"),
                               trace=trace)
    return MergeOutcome([(labels.get(p, p), plan) for p, plan in plans], backup, trace)


def undo_merge(project: Project, trace: MergeTrace, label: str) -> None:
    """Take a merge back exactly, in one transaction (the window's Edit > Undo)."""
    from gwot_reader.store.merge import undo_merge as undo

    undo(project, trace, label)


def redo_merge(project: Project, trace: MergeTrace, label: str) -> None:
    """Put an undone merge back, in one transaction (Edit > Redo)."""
    from gwot_reader.store.merge import redo_merge as redo

    redo(project, trace, label)


def _from_qdpx(path: Path, folder: Path) -> Path:
    from gwot_reader.exchange.newproject import create_project
    from gwot_reader.exchange.qdpx import import_qdpx

    if not path.is_file():
        raise GwotError(f"no file at {path}")
    target = folder / (path.stem + ".gwot")
    # the REFI-QDA GUIDs of documents, codes and codings are kept, so they match the target's
    create_project(target, empty=True, fill=lambda p: import_qdpx(p, path)).close()
    return target


__all__ = ["AgreementRun", "Cancelled", "MergeOutcome", "agreement",
           "merge_with_backup", "redo_merge", "undo_merge", "check_coders", "chosen_codes",
           "chosen_documents", "merge_files", "shared_documents"]
