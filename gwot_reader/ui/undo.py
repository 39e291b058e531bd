"""Undo commands: each change is one store call, its undo the inverse call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from gwot_reader.core.errors import GwotError
from gwot_reader.core.model import Code, Coding
from gwot_reader.store import Project

ErrorSink = Callable[[str], None]


class StoreCommand(QUndoCommand):
    """A command whose first run happens before it is pushed, so a refused change
    (a GwotError) never lands on the stack; later redo/undo errors are reported, not raised."""

    def __init__(self, project: Project, text: str, on_error: ErrorSink | None = None) -> None:
        super().__init__(text)
        self.project = project
        self.on_error = on_error
        self._first = True

    def run(self) -> None:
        """Do the change now; raises GwotError if the store refuses it."""
        self.do()

    def redo(self) -> None:
        if self._first:  # already done by run() before push
            self._first = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.inverse)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except GwotError as exc:
            if self.on_error:
                self.on_error(f"Could not {'undo' if fn == self.inverse else 'redo'} "
                              f"{self.text().lower()}: {exc}")

    def do(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def inverse(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def push(stack: QUndoStack, command: StoreCommand) -> bool:
    """Run a command and put it on the stack; False (and nothing pushed) if refused."""
    try:
        command.run()
    except GwotError as exc:
        if command.on_error:
            command.on_error(str(exc))
        return False
    stack.push(command)
    return True


class AddCoding(StoreCommand):
    def __init__(self, project: Project, document_id: int, code_id: int, start: int, end: int,
                 label: str = "", memo: str = "", on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Apply {label or 'code'}", on_error)
        self.args = (document_id, code_id, start, end)
        self.memo = memo
        self.coding: Coding | None = None

    def do(self) -> None:
        if self.coding is None:
            self.coding = self.project.codings.add(*self.args, memo=self.memo)
        else:  # redo after undo: the same id and GUID come back
            self.project.codings.restore(self.coding)

    def inverse(self) -> None:
        self.project.codings.remove(self.coding.id)


class RemoveCoding(StoreCommand):
    def __init__(self, project: Project, coding_id: int, label: str = "",
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"Remove {label or 'coding'}", on_error)
        self.coding_id = coding_id
        self.coding: Coding | None = None

    def do(self) -> None:
        self.coding = self.project.codings.remove(self.coding_id)

    def inverse(self) -> None:
        self.project.codings.restore(self.coding)


class SetCodingMemo(StoreCommand):
    def __init__(self, project: Project, coding_id: int, memo: str,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Edit memo", on_error)
        self.coding_id = coding_id
        self.new = memo
        self.old: str | None = None

    def do(self) -> None:
        old, _ = self.project.codings.set_memo(self.coding_id, self.new)
        self.old = old.memo

    def inverse(self) -> None:
        self.project.codings.set_memo(self.coding_id, self.old)


class SetCodingSpan(StoreCommand):
    def __init__(self, project: Project, coding_id: int, start: int, end: int,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, "Change coded span", on_error)
        self.coding_id = coding_id
        self.new = (start, end)
        self.old: tuple[int, int] | None = None

    def do(self) -> None:
        old, _ = self.project.codings.set_span(self.coding_id, *self.new)
        self.old = (old.start, old.end)

    def inverse(self) -> None:
        self.project.codings.set_span(self.coding_id, *self.old)


class AddCode(StoreCommand):
    """A new code, optionally applied at once to a span (in-vivo coding): one undo step."""

    def __init__(self, project: Project, name: str, parent_id: int | None, color: str,
                 apply_to: tuple[int, int, int] | None = None,
                 on_error: ErrorSink | None = None) -> None:
        super().__init__(project, f"New code {name!r}", on_error)
        self.args = (name, parent_id, color)
        self.apply_to = apply_to  # (document_id, start, end)
        self.code: Code | None = None
        self.coding: Coding | None = None

    def do(self) -> None:
        if self.code is not None:  # redo: the same rows come back
            self.project.codebook.restore([self.code], [self.coding] if self.coding else [])
            return
        name, parent_id, color = self.args
        with self.project.transaction():
            self.code = self.project.codebook.add(name, parent_id, color=color)
            if self.apply_to:
                doc_id, start, end = self.apply_to
                self.coding = self.project.codings.add(doc_id, self.code.id, start, end)

    def inverse(self) -> None:
        self.project.codebook.delete(self.code.id)
