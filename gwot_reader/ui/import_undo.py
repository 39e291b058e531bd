"""Imports as undo steps: a document import or a codebook import is one step of Edit > Undo.

The import itself runs in a job on its own connection; its command is pushed when the job has
finished, already done, so that pushing it does not run it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwot_reader.core.model import Code
from gwot_reader.ui.undo import ErrorSink, StoreCommand

if TYPE_CHECKING:  # the window reaches the store through the session's project only
    from gwot_reader.store import Project


class ImportDocuments(StoreCommand):
    """Undo removes the imported documents (refused once one has been coded); redo brings the
    same rows back: ids, GUIDs, original bytes and PDF pages."""

    def __init__(self, project: Project, document_ids: list[int], label: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, label, on_error)
        self.document_ids = document_ids
        self.rows: Any = None

    def do(self) -> None:
        if self.rows is not None:
            self.project.documents.restore_many(self.rows)

    def inverse(self) -> None:
        self.rows = self.project.documents.remove_many(self.document_ids)


class ImportCodebook(StoreCommand):
    """Undo puts the codebook back as it was before the import; redo as it was after."""

    def __init__(self, project: Project, before: list[Code], after: list[Code],
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Import codebook", on_error)
        self.before = before
        self.after = after

    def do(self) -> None:
        self.project.codebook.set_state(self.before, self.after)

    def inverse(self) -> None:
        self.project.codebook.set_state(self.after, self.before)

