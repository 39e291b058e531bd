"""Errors a user can cause and read: every message is one plain sentence."""


class GwotError(Exception):
    """A problem the user can fix; the message is shown as is (UI dialog, CLI stderr)."""


class SpanError(GwotError):
    """A coding span that is empty, reversed or outside its document."""


class NotFoundError(GwotError):
    """A document, code, coding or coder that does not exist."""


class ConflictError(GwotError):
    """A change that would break a rule of the project (a duplicate name, a cycle)."""


class ImportError_(GwotError):
    """A file that cannot be imported; the project is left unchanged."""


class ProjectFileError(GwotError):
    """A project file that cannot be opened (corrupt, too new, not a project)."""
