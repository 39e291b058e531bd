"""The undo command for coding a region drawn on a page."""

from __future__ import annotations

from gwot_reader.core.model import Coding
from gwot_reader.store import Project
from gwot_reader.ui.undo import ErrorSink, StoreCommand


class AddRegionCoding(StoreCommand):
    """Code a rectangle on a page; undo removes the coding, redo restores it with its box
    (the box is stored by the coding's GUID, which restore keeps)."""

    def __init__(self, project: Project, document_id: int, code_id: int, page: int,
                 box: tuple[float, float, float, float], label: str = "",
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Apply {label or 'code'} to a region", on_error)
        self.args = (document_id, code_id, page, box)
        self.coding: Coding | None = None

    def do(self) -> None:
        if self.coding is None:
            self.coding = self.project.pages.add_region_coding(*self.args)
        else:
            self.project.codings.restore(self.coding)

    def inverse(self) -> None:
        if self.coding is not None:
            self.project.codings.remove(self.coding.id)
