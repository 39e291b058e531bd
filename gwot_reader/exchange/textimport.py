"""Importing files into a project: text and Markdown here, other formats by registration."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from gwot_reader.core.errors import ImportError_
from gwot_reader.core.markup import render_markdown
from gwot_reader.core.model import Document
from gwot_reader.core.textnorm import decode_text
from gwot_reader.exchange.readers import CANCELLED, OPTIONS, READERS, Extracted, Step, register
from gwot_reader.store import Project
from gwot_reader.store.backup import auto_backup
from gwot_reader.store.fileid import refuse_sqlite_file

MAX_BYTES = 100 * 1024 * 1024  # larger files are refused before they are read


@register(".txt", ".text", ".csv", ".tsv", ".log")
def read_text(data: bytes, name: str) -> Extracted:
    text, warnings = decode_text(data, name)
    return Extracted(text, warnings=warnings)


@register(".md", ".markdown")
def read_markdown(data: bytes, name: str) -> Extracted:
    source, warnings = decode_text(data, name)
    text, runs = render_markdown(source)
    return Extracted(text, runs, media_type="text/markdown", warnings=warnings)


def supported_extensions() -> list[str]:
    _load_optional_readers()
    return sorted(READERS)


def _load_optional_readers() -> None:
    """Other formats register themselves on import; import them only when asked for."""
    import importlib

    for module in ("gwot_reader.exchange.formats",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


FILE_STEPS = 1000  # import_files reports each file as this many steps, its pages among them


def extract(path: Path, data: bytes | None = None, fmt: str | None = None, *,
            password: str | None = None, step: Step | None = None) -> Extracted:
    ext = (fmt and "." + fmt.lstrip(".")) or path.suffix.lower()
    if ext not in READERS:
        _load_optional_readers()
    reader = READERS.get(ext)
    if reader is None:
        known = ", ".join(supported_extensions())
        raise ImportError_(f"{path.name}: files of type {ext or '(none)'} cannot be imported "
                           f"(known: {known})")
    if data is None:
        data = read_bytes(path)
    kwargs: dict[str, Any] = {}
    takes = OPTIONS.get(reader, frozenset())
    if password is not None and "password" in takes:  # encrypted PDFs
        kwargs["password"] = password
    if step is not None and "step" in takes:  # long PDFs
        kwargs["step"] = step
    return reader(data, path.name, **kwargs)


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportError_(f"{path} does not exist") from None
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read: {exc.strerror}") from None
    if path.is_dir():
        raise ImportError_(f"{path} is a folder, not a file")
    if size > MAX_BYTES:
        raise ImportError_(f"{path.name} is {size // (1024 * 1024)} MB; files over "
                           f"{MAX_BYTES // (1024 * 1024)} MB cannot be imported")
    refuse_sqlite_file(path, "import")  # opening our own open project would drop its locks
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read: {exc.strerror}") from None


def import_file(project: Project, path: str | Path, *, fmt: str | None = None,
                password: str | None = None, step: Step | None = None,
                **metadata: Any) -> tuple[Document, list[str]]:
    """Import one file; returns the new document and warnings. Nothing is left on failure.

    An encrypted PDF raises ``formats.pdf.PasswordRequired`` (``WrongPassword`` for a wrong
    ``password``): ask for the password and call again with it. ``step(done, total)`` hears of
    a long file's progress (a PDF's pages) and cancels the import by returning False.
    """
    path = Path(path)
    data = read_bytes(path)
    ex = extract(path, data, fmt, password=password, step=step)
    media_type = ex.media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    fields: dict[str, Any] = {"title": ex.title, "authors": ex.authors, "year": ex.year,
                              "notes": ex.notes}
    fields.update({k: v for k, v in metadata.items() if v not in (None, "")})
    name = fields.pop("name", None) or path.stem
    with project.transaction():
        doc = project.documents.add(name, ex.text, source_name=path.name, source_bytes=data,
                                   media_type=media_type, runs=ex.runs, **fields)
        if ex.after_insert:
            ex.after_insert(project, doc)
    return doc, ex.warnings


def import_files(project: Project, paths: Iterable[str | Path],
                 progress: Callable[[int, int, str], bool] | None = None,
                 password: str | None = None) -> tuple[list[Document], list[str]]:
    """Import several files in one transaction: all of them, or (on error or cancel) none.

    ``progress(done, total, label)`` may return False to cancel. Each file counts
    ``FILE_STEPS`` steps, so that a long PDF moves the count page by page.
    """
    files = [Path(p) for p in paths]
    docs: list[Document] = []
    warnings: list[str] = []
    total = len(files) * FILE_STEPS
    if sum(p.suffix.lower() == ".pdf" for p in files) > 1:  # helpers ready for the later ones
        from gwot_reader.exchange.formats.pdfhelpers import POOL

        POOL.start()
    auto_backup(project.db, "before-import")
    with project.transaction():
        for i, p in enumerate(files):
            if progress and progress(i * FILE_STEPS, total, p.name) is False:
                raise ImportError_(CANCELLED)
            step: Step | None = None
            if progress:
                def step(done: int, count: int, base: int = i * FILE_STEPS, name: str = p.name,
                         progress: Callable[[int, int, str], bool] = progress) -> bool:
                    return progress(base + done * FILE_STEPS // max(count, 1), total,
                                    f"{name}, page {done} of {count}")
            doc, w = import_file(project, p, password=password, step=step)
            docs.append(doc)
            warnings += w
        # a Cancel while the last file was being stored still undoes the whole import
        if progress and progress(total, total, "") is False:
            raise ImportError_(CANCELLED)
    return docs, warnings
