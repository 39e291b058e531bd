"""Rules for changing the codebook: which code takes codings, moves, merges, splits, undoing them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gwot_reader.core.codebook import CodebookTree
from gwot_reader.core.errors import ConflictError
from gwot_reader.core.model import Code, Coding


def check_applicable(code: Code) -> None:
    """A coding goes on a code, never on a category (a folder of codes)."""
    if code.is_category:
        raise ConflictError(f"{code.name!r} is a category; apply one of its codes instead")


def check_can_become_category(code: Code, has_codings: bool) -> None:
    if not code.is_category and has_codings:
        raise ConflictError(f"{code.name!r} has codings and cannot become a category")


def check_move(tree: CodebookTree, code: Code, parent_id: int | None) -> None:
    """A code cannot go under itself or under one of its own descendants."""
    if parent_id is not None and (parent_id == code.id or code.id in tree.ancestors(parent_id)):
        raise ConflictError(f"{code.name!r} cannot be moved inside itself")


def new_order(tree: CodebookTree, code: Code, parent_id: int | None,
              ord: int | None) -> list[tuple[int, int]]:
    """(ord, code id) for the old and the new sibling lists once ``code`` sits at ``ord`` under
    ``parent_id`` (None or past the end: last). Both lists are numbered 0..n, so that moving
    back restores every ord."""
    siblings = [c for c in tree.children(parent_id) if c.id != code.id]
    at = len(siblings) if ord is None else max(0, min(ord, len(siblings)))
    siblings.insert(at, code)
    left = [c for c in tree.children(code.parent_id) if c.id != code.id]
    return [(i, c.id) for i, c in (*enumerate(left), *enumerate(siblings))]


# -- merge ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MergeResult:
    """What a merge changed, as its undo needs it to put everything back."""

    source: Code
    target_id: int
    moved: list[Coding] = field(default_factory=list)  # as they were before the move
    collapsed: list[Coding] = field(default_factory=list)  # duplicates deleted
    memo_kept: list[Coding] = field(default_factory=list)  # target codings before memos joined
    children: list[Code] = field(default_factory=list)  # the source's children as they were


@dataclass(frozen=True)
class MergePlan:
    """What merging the codings of one code into another does, decided before any write."""

    move: list[Coding] = field(default_factory=list)  # to re-point at the target
    collapse: list[Coding] = field(default_factory=list)  # twins of a target coding: deleted
    memos: dict[int, str] = field(default_factory=dict)  # target coding id -> its joined memo
    memo_kept: list[Coding] = field(default_factory=list)  # those target codings as they were


def check_merge(tree: CodebookTree, source: Code, target: Code, source_has_codings: bool) -> None:
    if source.id == target.id:
        raise ConflictError(f"{source.name!r} cannot be merged into itself")
    if source.id in tree.ancestors(target.id):
        raise ConflictError(f"{source.name!r} cannot be merged into {target.name!r}, "
                            "which is inside it")
    if source_has_codings and target.is_category:
        raise ConflictError(f"{target.name!r} is a category and cannot take the codings "
                            f"of {source.name!r}")


def plan_merge(moving: Iterable[Coding], staying: Iterable[Coding]) -> MergePlan:
    """Merge ``moving`` (the source's codings) into ``staying`` (the target's).

    A moving coding with the same document, span and coder as one already there collapses into
    it; its memo, unless the kept one already holds it, is appended to the kept one's.
    """
    kept = {(c.document_id, c.start, c.end, c.coder): c for c in staying}
    plan = MergePlan()
    before: dict[int, Coding] = {}
    for c in moving:
        key = (c.document_id, c.start, c.end, c.coder)
        twin = kept.get(key)
        if twin is None:
            plan.move.append(c)
            kept[key] = c
            continue
        plan.collapse.append(c)
        memo = plan.memos.get(twin.id, twin.memo)
        if c.memo and c.memo not in memo:
            before.setdefault(twin.id, twin)
            plan.memos[twin.id] = f"{memo}\n\n{c.memo}" if memo else c.memo
    plan.memo_kept.extend(before.values())
    return plan


# -- split ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SplitResult:
    """What a split changed: the new code and the codings moved to it (as they were)."""

    source_id: int
    new: Code
    moved: list[Coding] = field(default_factory=list)


def check_split(source: Code, chosen: list[int], found: Iterable[Coding]) -> None:
    """Every chosen coding must be a coding of ``source``, and at least one must be chosen."""
    if not chosen:
        raise ConflictError(f"choose the codings of {source.name!r} to split off")
    strays = set(chosen) - {c.id for c in found if c.code_id == source.id}
    if strays:
        raise ConflictError(f"{len(strays)} of the chosen codings are not codings of "
                            f"{source.name!r}")


def check_unsplit(split: SplitResult, new_code_used: bool) -> None:
    """A split is undone only while its new code holds nothing but the codings it took."""
    if new_code_used:
        raise ConflictError(f"{split.new.name!r} has been used since the split; undo that first")


def check_name(name: str) -> str:
    """A code's name, stripped; never empty."""
    name = name.strip()
    if not name:
        raise ConflictError("a code needs a name")
    return name
