"""Undo commands that reshape the codebook: create, edit, move, merge, split, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gwot_reader.core.model import Code, Coding
from gwot_reader.ui.undo import AddCode, ErrorSink, StoreCommand, done

if TYPE_CHECKING:
    from gwot_reader.core.reshape import MergeResult, SplitResult
    from gwot_reader.store import Project


FIELD_LABELS = {"name": "name", "color": "colour", "definition": "definition",
                "use_when": "use-when", "do_not_use_when": "do-not-use-when",
                "example": "example", "memo": "memo"}


class CreateCode(AddCode):
    """A new code or category; redo brings back the same row (id and GUID)."""

    def __init__(self, project: Project, name: str, parent_id: int | None, color: str,
                 is_category: bool = False, on_error: ErrorSink | None = None) -> None:
        super().__init__(project, name, parent_id, color, on_error=on_error)
        self.is_category = is_category
        if is_category:
            self.setText(f"New category {name!r}")

    def do(self) -> None:
        if self.code is None and self.is_category:
            name, parent_id, color = self.args
            self.code = self.project.codebook.add(name, parent_id, color=color, is_category=True)
            return
        super().do()


class EditCode(StoreCommand):
    """Rename, recolour, or edit a definition field or the memo of a code."""

    def __init__(self, project: Project, code_id: int, on_error: ErrorSink | None = None,
                 **fields) -> None:
        code = project.codebook.get(code_id)
        if set(fields) == {"name"}:
            text = f"Rename {code.name!r} to {fields['name'].strip()!r}"
        elif set(fields) == {"color"}:
            text = f"Recolour {code.name!r}"
        else:
            text = f"Edit {', '.join(FIELD_LABELS.get(k, k) for k in fields)} of {code.name!r}"
        super().__init__(project, text, on_error)
        self.code_id = code_id
        self.new = fields
        self.old: dict | None = None

    def do(self) -> None:
        old, _ = self.project.codebook.update(self.code_id, **self.new)
        self.old = {k: getattr(old, k) for k in self.new}

    def inverse(self) -> None:
        self.project.codebook.update(self.code_id, **done(self.old))


class MoveCode(StoreCommand):
    """Put a code under another parent (None: the top level) at a position among its siblings."""

    def __init__(self, project: Project, code_id: int, parent_id: int | None,
                 index: int | None = None, on_error: ErrorSink | None = None) -> None:
        tree = project.codebook.tree()
        code = tree.by_id[code_id]
        where = f"into {tree.by_id[parent_id].name!r}" if parent_id is not None else "to the top level"
        super().__init__(project, f"Move {code.name!r} {where}", on_error)
        self.code_id, self.parent_id, self.index = code_id, parent_id, index
        self.old_parent = code.parent_id
        self.old_index = [c.id for c in tree.children(code.parent_id)].index(code_id)

    def do(self) -> None:
        self.project.codebook.move(self.code_id, self.parent_id, self.index)

    def inverse(self) -> None:
        self.project.codebook.move(self.code_id, self.old_parent, self.old_index)


class MergeCodes(StoreCommand):
    def __init__(self, project: Project, source_id: int, target_id: int,
                 on_error: ErrorSink | None = None) -> None:
        source, target = project.codebook.get(source_id), project.codebook.get(target_id)
        super().__init__(project, f"Merge {source.name!r} into {target.name!r}", on_error)
        self.source_id, self.target_id = source_id, target_id
        self.result: MergeResult | None = None

    def do(self) -> None:
        # backed up before its first run (off the GUI thread: CodebookEditor.merge); a redo
        # brings back a state the undo stack holds, and backing up again would freeze the window
        self.result = self.project.codebook.merge(self.source_id, self.target_id,
                                                  backup=self.result is None)

    def inverse(self) -> None:
        self.project.codebook.unmerge(done(self.result))


class SplitCode(StoreCommand):
    def __init__(self, project: Project, source_id: int, coding_ids: list[int], name: str,
                 color: str | None = None, on_error: ErrorSink | None = None) -> None:
        source = project.codebook.get(source_id)
        super().__init__(project, f"Split {name.strip()!r} off {source.name!r}", on_error)
        self.args = (source_id, list(coding_ids), name)
        self.color = color
        self.result: SplitResult | None = None

    def do(self) -> None:
        new = self.result.new if self.result else None  # redo: the same code comes back
        self.result = self.project.codebook.split(*self.args, color=self.color,
                                              guid=new.guid if new else None,
                                              new_id=new.id if new else None)

    def inverse(self) -> None:
        self.project.codebook.unsplit(done(self.result))


class DeleteCode(StoreCommand):
    """Delete a code or category with everything below it; undo brings all of it back."""

    def __init__(self, project: Project, code_id: int, on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Delete {project.codebook.get(code_id).name!r}", on_error)
        self.code_id = code_id
        self.removed: tuple[list[Code], list[Coding]] | None = None

    def do(self) -> None:
        self.removed = self.project.codebook.delete(self.code_id)

    def inverse(self) -> None:
        self.project.codebook.restore(*done(self.removed))


def deletion_warning(project: Project, code_id: int) -> str:
    """What a deletion takes with it, in one or two sentences for the confirmation."""
    tree = project.codebook.tree()
    code = tree.by_id[code_id]
    below = tree.descendants(code_id)
    n = project.codebook.subtree_coding_count(code_id)
    docs = {c.document_id for cid in [code_id, *(c.id for c in below)]
            for c in project.codings.all(code_id=cid)} if n else set()
    kind = "category" if code.is_category else "code"
    parts = [f"Delete the {kind} {code.name!r}"]
    if below:
        parts.append(f" and the {len(below)} code{'s' * (len(below) != 1)} inside it")
    text = "".join(parts) + "?\n\n"
    if n:
        text += (f"{n} coding{'s' * (n != 1)} in {len(docs)} document{'s' * (len(docs) != 1)} "
                 "will be removed with it.")
    else:
        text += "No codings will be removed."
    return text + " You can undo this (Ctrl+Z)."
