"""New projects: empty, or with the bundled corpus and the starter codebook."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from gwot_reader.core.errors import GwotError
from gwot_reader.exchange.bundled import bundled_dir, resource
from gwot_reader.exchange.codebook_csv import import_codebook_csv
from gwot_reader.exchange.textimport import import_file
from gwot_reader.store import Project

STARTER_CODEBOOK = "gwot-codebook.csv"
CORPUS_KINDS = ("journal article", "web commentary")


def load_corpus(project: Project) -> int:
    """Import the bundled corpus with its metadata (title, authors, year, kind) and the
    variables *year*, *kind* and *venue* (blank where the source does not say)."""
    folder = bundled_dir("corpus")
    entries = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    with project.transaction():
        docs = [import_file(project, folder / e["file"],
                            fmt="md" if e.get("format") == "markdown" else "txt",
                            name=e["name"], title=e["title"], authors=e["authors"],
                            year=e["year"], kind=e["kind"], notes=e.get("notes", ""))[0]
                for e in entries]
        year = project.variables.add("year", "number", description="Year of publication")
        kind = project.variables.add("kind", "choice", CORPUS_KINDS,
                                     description="What sort of source the document is")
        venue = project.variables.add("venue", "text",
                                      description="Journal or website that published it")
        project.variables.set_values(
            (d.id, var.id, e.get(key) or None)
            for d, e in zip(docs, entries, strict=True)
            for var, key in ((year, "year"), (kind, "kind"), (venue, "venue")))
    return len(entries)


def create_project(path: str | Path, *, empty: bool = False, coder: str | None = None,
                   fill: Callable[[Project], object] | None = None) -> Project:
    """Create a project file; unless ``empty``, with the corpus and the starter codebook.

    ``fill`` (an import of another tool's project) runs on the new file before it appears.

    The file appears only when complete: a failure leaves nothing behind.
    """
    path = Path(path)
    if path.exists():
        raise GwotError(f"{path} already exists; choose another name or open it")
    if not path.parent.exists():
        raise GwotError(f"the folder {path.parent} does not exist")
    part = path.with_name(path.name + ".part")
    leftovers = (part, Path(str(part) + "-wal"), Path(str(part) + "-shm"))
    for p in leftovers:
        p.unlink(missing_ok=True)
    project = None
    try:
        project = Project.create(part, coder=coder)
        if not empty:
            with project.transaction():
                import_codebook_csv(project, resource(STARTER_CODEBOOK))
                load_corpus(project)
        if fill is not None:
            fill(project)
        project.close()
        if leftovers[1].exists():
            # The last close folds the WAL into the file and deletes it; a WAL still there
            # means that fold failed (a full disk) and the file alone would be incomplete.
            raise GwotError(f"{part.name} could not be written: the disk is full; free some "
                            "space and try again (nothing was changed)")
        part.replace(path)
    except BaseException as exc:
        if project is not None:
            _close_quietly(project)
        for p in leftovers:  # the WAL too: a full disk leaves it behind after a failed write
            p.unlink(missing_ok=True)
        if isinstance(exc, GwotError):  # the user chose path, not path.part
            raise GwotError(str(exc).replace(part.name, path.name)) from None
        if isinstance(exc, OSError):
            raise GwotError(f"{path.name} was not created: {exc.strerror or exc}") from None
        raise
    return Project.open(path, coder=coder)


def _close_quietly(project: Project) -> None:
    try:
        project.close()
    except Exception:  # noqa: BLE001 - a full disk may refuse even the close; the file goes anyway
        pass


def default_project_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("gwot-reader", appauthor=False)) / "GWOT corpus.gwot"


def open_or_create_default(coder: str | None = None) -> Project:
    path = default_project_path()
    if path.exists():
        return Project.open(path, coder=coder)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_project(path, coder=coder)
