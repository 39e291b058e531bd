"""Backups before risky actions, taken off the GUI thread with progress and Cancel.

A backup of a 144 MB project takes about 2 s; taken inside an action on the GUI thread it froze
the window that long. Here it runs as a job; the action runs (on the GUI thread) only once the
backup is complete, and not at all when it fails or is cancelled. The action's own backup in the
store (``store.backup.auto_backup``) then finds the state already backed up and is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from gwot_reader.store import backup
from gwot_reader.ui.jobs import Job
from gwot_reader.ui.session import ProjectSession

TRIES = 3  # backups taken again when another program wrote meanwhile, before giving up
LABEL = "copying the project"


def job_progress(progress: Callable[[int, int, str], bool]) -> backup.Progress:
    """A job's progress as a backup's: its bar shows the pages copied; Cancel stops the copy."""
    return lambda done, total: progress(done, total, LABEL)


def backup_in_job(project: Any, progress: Callable[[int, int, str], bool], reason: str) -> None:
    """Inside a job that is about to change the project: its backup first, on the job's
    connection, with the job's progress and Cancel (the importer's own then finds it made)."""
    backup.backup_ahead(project.db, reason, job_progress(progress))


def backup_first(session: ProjectSession, widget: QWidget, reason: str, title: str,
                 then: Callable[[], object], tries: int = TRIES) -> Job | None:
    """Back the open project up (``reason`` names the file, as ``before-merge``), then call
    ``then`` on the GUI thread. Returns the backup's job (None: nothing to wait for)."""
    project = session.project
    if project is None or project.read_only:
        then()
        return None
    db, path = project.db, project.path
    mark = backup.state_mark(db.conn)

    def work(_project: Any, progress: Callable[[int, int, str], bool]) -> object:
        return backup.backup_now(path, reason, progress=job_progress(progress))

    def done(_written: object) -> None:
        if session.project is not project:
            return  # another project was opened meanwhile: the action was for this one
        if backup.state_mark(db.conn) == mark:
            db.backed_up = mark  # the action's own backup would copy the same state again
            then()
        elif tries > 1:  # another program (or an edit before the dialog showed) wrote since
            backup_first(session, widget, reason, title, then, tries - 1)
        else:
            then()  # the store backs up itself, on this thread: someone keeps writing

    return session.run_job(widget, title, work, done, writes=False)
