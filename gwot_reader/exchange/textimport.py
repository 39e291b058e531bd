"""Importing files into a project: text and Markdown here, other formats by registration."""

from __future__ import annotations

import mimetypes
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.core.markup import render_markdown
from gwot_reader.core.model import Document
from gwot_reader.core.textnorm import decode_text, sha256, undecodable
from gwot_reader.exchange.readers import CANCELLED, OPTIONS, READERS, Extracted, Step, register
from gwot_reader.store import Project, search
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

    from gwot_reader.exchange.formats import READER_MODULES

    for module in READER_MODULES:
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
    name = readable_name(path.name)
    try:
        return reader(data, name, **kwargs)
    except GwotError:
        raise
    except MemoryError:
        raise ImportError_(f"{name} is too large to read in the memory available") from None
    except (RecursionError, RuntimeError, ValueError, LookupError, OSError, EOFError,
            zlib.error) as exc:
        # Parsers (PyMuPDF, lxml, zipfile) meet hostile files we have not foreseen: the user
        # gets one line naming the file, not a traceback, and nothing is stored.
        raise ImportError_(f"{name} is damaged and cannot be read "
                           f"({type(exc).__name__}: {_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no details"


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


@dataclass
class Prepared:
    """A file read and extracted, ready to store: all the slow work, done outside any
    transaction so that others can write to the project meanwhile."""

    path: Path
    data: bytes
    extracted: Extracted
    name: str
    media_type: str
    fields: dict[str, Any]

    @property
    def sha256(self) -> str:
        return sha256(self.data)


def prepare_file(path: str | Path, *, data: bytes | None = None, fmt: str | None = None,
                 password: str | None = None, step: Step | None = None,
                 **metadata: Any) -> Prepared:
    """Read and extract one file (no database access). Raises ImportError_ for a bad file."""
    path = Path(path)
    check_name(path)
    if data is None:
        data = read_bytes(path)
    ex = extract(path, data, fmt, password=password, step=step)
    media_type = ex.media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    fields = {"title": ex.title, "authors": ex.authors, "year": ex.year, "notes": ex.notes}
    fields.update({k: v for k, v in metadata.items() if v not in (None, "")})
    name = str(fields.pop("name", None) or readable_name(path.stem))
    return Prepared(path, data, ex, name, media_type, fields)


def store_prepared(project: Project, prepared: Prepared) -> Document:
    """Write one prepared file: a few inserts, inside the caller's (short) transaction."""
    ex = prepared.extracted
    with project.transaction():
        doc = project.documents.add(prepared.name, ex.text,
                                   source_name=readable_name(prepared.path.name),
                                   source_bytes=prepared.data, media_type=prepared.media_type,
                                   runs=ex.runs, **prepared.fields)
        if ex.after_insert:
            ex.after_insert(project, doc)
    return doc


def check_name(path: Path) -> None:
    """Refuse a file whose name is not valid UTF-8 (bytes from an old archive or another
    system): the document's name and source name are text, and a name with its bytes replaced
    by \ufffd would no longer lead back to the file."""
    shown = undecodable(path.name)
    if shown is not None:
        raise ImportError_(f"the name of '{shown}' is not valid UTF-8; rename the file (for "
                           "example with convmv) and import it again")


def readable_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates, which
    SQLite and UTF-8 files cannot hold) become U+FFFD."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return name


def import_file(project: Project, path: str | Path, *, fmt: str | None = None,
                password: str | None = None, step: Step | None = None,
                **metadata: Any) -> tuple[Document, list[str]]:
    """Import one file; returns the new document and warnings. Nothing is left on failure.

    An encrypted PDF raises ``formats.pdf.PasswordRequired`` (``WrongPassword`` for a wrong
    ``password``): ask for the password and call again with it. ``step(done, total)`` hears of
    a long file's progress (a PDF's pages) and cancels the import by returning False.
    """
    prepared = prepare_file(path, fmt=fmt, password=password, step=step, **metadata)
    doc = store_prepared(project, prepared)
    release(prepared)
    return doc, prepared.extracted.warnings


def release(prepared: Prepared) -> None:
    """Free what the reader made in its own small steps, once it is stored."""
    if prepared.extracted.release:
        prepared.extracted.release()


class DuplicateFile(ImportError_):
    """Files whose bytes are already in the project: ask, or pass ``allow_duplicate``."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__(message)
        self.names = names


def find_duplicates(project: Project, paths: list[Path],
                    datas: list[bytes]) -> list[tuple[str, str]]:
    """(file name, name of the document it repeats) for files already in the project (same
    SHA-256 of the original bytes) or given twice."""
    seen: dict[str, str] = {}
    known = project.documents.names_by_source()  # one query, however many files
    out = []
    for p, data in zip(paths, datas, strict=True):
        digest = sha256(data)
        existing = seen.get(digest) or known.get(digest)
        if existing:
            out.append((readable_name(p.name), existing))
        seen.setdefault(digest, readable_name(p.name))
    return out


def import_files(project: Project, paths: Iterable[str | Path],
                 progress: Callable[[int, int, str], bool] | None = None,
                 password: str | None = None,
                 allow_duplicate: bool = False) -> tuple[list[Document], list[str]]:
    """Import several files: all of them, or (on error or cancel) none.

    Every file is read and extracted first, outside any transaction (others keep writing to
    the project meanwhile); then all are stored in one short transaction. A file whose bytes
    are already in the project raises ``DuplicateFile`` unless ``allow_duplicate``.
    ``progress(done, total, label)`` may return False to cancel. Each file counts
    ``FILE_STEPS`` steps, so that a long PDF moves the count page by page.
    """
    files = [Path(p) for p in paths]
    for p in files:  # before anything is read: a batch is all or nothing
        check_name(p)
    warnings: list[str] = []
    total = len(files) * FILE_STEPS
    datas = [read_bytes(p) for p in files]
    if not allow_duplicate:
        dups = find_duplicates(project, files, datas)
        if dups:
            what = "; ".join(f"{f} (as {d!r})" for f, d in dups[:3])
            more = f" and {len(dups) - 3} more" if len(dups) > 3 else ""
            raise DuplicateFile(f"already in the project: {what}{more}; import again with "
                                "--allow-duplicate to add a second copy", [f for f, _ in dups])
    if sum(p.suffix.lower() == ".pdf" for p in files) > 1:  # helpers ready for the later ones
        from gwot_reader.exchange.formats.pdfhelpers import POOL

        POOL.start()
    prepared: list[Prepared] = []
    for i, (p, data) in enumerate(zip(files, datas, strict=True)):
        if progress and progress(i * FILE_STEPS, total, p.name) is False:
            raise ImportError_(CANCELLED)
        step: Step | None = None
        if progress:
            def step(done: int, count: int, base: int = i * FILE_STEPS, name: str = p.name,
                     report: Callable[[int, int, str], bool] = progress) -> bool:
                return report(base + done * FILE_STEPS // max(count, 1), total,
                              f"{name}, page {done} of {count}")
        prepared.append(prepare_file(p, data=data, password=password, step=step))
        datas[i] = b""  # held by its Prepared now
    # The backup says so in the label, the bar full (its count is the files'), and Cancel
    # stops it: nothing is imported.
    auto_backup(project.db, "before-import", None if progress is None else
                (lambda _done, _count: progress(total, total, "backing up the project first")))
    # a Cancel while the last file was being read still leaves the project as it was
    if progress and progress(total, total, "") is False:
        raise ImportError_(CANCELLED)
    with project.transaction():
        if len(prepared) >= search.BULK:
            search.SearchIndex(project.db).defer()
        docs = [store_prepared(project, item) for item in prepared]
    for item in prepared:
        warnings += item.extracted.warnings
        release(item)
    return docs, warnings
