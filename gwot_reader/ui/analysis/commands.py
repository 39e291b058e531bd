"""Undo commands of the analysis views: many codings made as one step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gwot_reader.core.model import Coding
from gwot_reader.ui.undo import ErrorSink, StoreCommand

if TYPE_CHECKING:
    from gwot_reader.store import Project


class AddCodings(StoreCommand):
    """Code many spans with one code in one transaction; undo removes them all in one."""

    def __init__(self, project: Project, code_id: int, spans: list[tuple[int, int, int]],
                 label: str = "", on_error: ErrorSink | None = None, noun: str = "hits") -> None:
        # the undo text names what is coded: "Code 189 paragraphs with …" for 359 hits
        super().__init__(project, f"Code {len(spans)} {noun} with {label or 'a code'}", on_error)
        self.code_id = code_id
        self.spans = spans
        self.codings: list[Coding] = []

    def do(self) -> None:
        if not self.codings:
            self.codings = self.project.codings.add_spans(self.code_id, self.spans)
            return
        # redo: the same ids and GUIDs come back
        self.project.codings.restore_many(self.codings)

    def inverse(self) -> None:
        self.project.codings.remove_many(c.id for c in self.codings)
