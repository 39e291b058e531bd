"""Writing and reading CSV the way R, pandas and Excel all accept (RFC 4180, UTF-8)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from gwot_reader.core.csvsafe import FORMULA_STARTS
from gwot_reader.core.csvsafe import neutralise as safe
from gwot_reader.core.errors import GwotError, ImportError_
from gwot_reader.store.fileid import refuse_sqlite_file


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and move it into place only when complete."""
    path = Path(path)
    if path.is_dir():
        raise GwotError(f"{path} is a folder; give a file name")
    if not path.parent.exists():
        raise GwotError(f"the folder {path.parent} does not exist")
    # Replacing the open project (or its -wal) would lose it; any database is someone's data.
    refuse_sqlite_file(path, "write onto")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        # mkstemp makes the file 0600; an export gets what any new file of the user gets.
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _new_file_mode(path: Path) -> int:
    """The mode of the file being replaced, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        pass
    try:
        with open("/proc/self/status", encoding="ascii") as fh:  # reading it changes nothing
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the umask can only be read by setting it
    os.umask(mask)
    return 0o666 & ~mask


def write_csv(path: str | Path, header: list[str], rows: Iterable[Iterable[Any]], *, bom: bool = False,
              neutralise: bool = True) -> int:
    """Write rows with RFC 4180 quoting and CRLF line ends; returns the number of rows.

    ``neutralise`` prefixes formula-like string cells with an apostrophe (see core.csvsafe).
    A ``.tsv`` path gets tab-separated values, quoted the same way.
    """
    delimiter = csv_delimiter(path)
    with atomic_write(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        return write_csv_to(fh, header, rows, neutralise=neutralise, delimiter=delimiter)


def write_csv_to(fh: IO[str], header: list[str], rows: Iterable[Iterable[Any]], *,
                 neutralise: bool = True, delimiter: str = ",") -> int:
    """``write_csv`` to an open text stream (standard output, say)."""
    n = 0
    w = csv.writer(fh, lineterminator="\r\n", delimiter=delimiter)
    w.writerow(header)
    if neutralise:
        starts = (*FORMULA_STARTS, "'")  # the cells neutralise() may change
        for row in rows:
            w.writerow([safe(v) if v.__class__ is str and v and v[0] in starts else v
                        for v in row])
            n += 1
    else:
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def csv_delimiter(path: str | Path) -> str:
    return "\t" if Path(path).suffix.lower() == ".tsv" else ","


def cell_formatter(delimiter: str = ",", neutralise: bool = True) -> Callable[[str], str]:
    """A function that writes one text cell exactly as ``write_csv`` does (neutralised if
    asked, then quoted only if it holds the delimiter, a quote or a line break).

    For exporters that format whole lines themselves: ``csv.writer`` looks at every character
    in Python's C loop one by one (1.6 s for 100,000 coded segments), where these checks are
    the string searches of ``in`` and most cells are returned as they are.
    """
    starts = frozenset((*FORMULA_STARTS, "'"))  # the cells neutralise() may change

    def cell(value: str) -> str:
        if neutralise and value and value[0] in starts:
            value = safe(value)
        if delimiter in value or '"' in value or "\n" in value or "\r" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    return cell


def write_lines(path: str | Path, chunks: Iterable[str], *, bom: bool = False) -> None:
    """Write text already formatted as CSV lines (see ``cell_formatter``), atomically."""
    with atomic_write(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)


def read_csv(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file (UTF-8 with or without BOM; a clear error otherwise)."""
    path = Path(path)
    refuse_sqlite_file(path, "read")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read: {exc.strerror}") from None
    if not data.strip():
        raise ImportError_(f"{path.name} is empty")
    try:
        if b"\x00" in data:  # UTF-16 (Excel's "Unicode text") or binary: decode_text tells
            raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL bytes")
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from gwot_reader.core.textnorm import decode_text

        text, _ = decode_text(data, path.name)
    # csv refuses fields over 131,072 characters by default, yet our own exports write longer
    # ones (a long definition or memo); no field can be longer than the whole file.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(min(len(text) + 1, 2**31 - 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), restkey=_EXTRA,
                                delimiter=_delimiter(text))
        header = list(reader.fieldnames or [])
        rows = []
        for row in reader:
            # A row longer than the header is shifted: its cells would land in wrong columns.
            if any(v.strip() for v in row.pop(_EXTRA, ())):
                raise ImportError_(f"{path.name}, line {reader.line_num}: more cells than the "
                                   f"header has columns ({len(header)})")
            rows.append(row)
    except csv.Error as exc:
        raise ImportError_(f"{path.name} is not valid CSV: {exc}") from None
    return [h.strip() for h in header], [{k.strip(): (v or "") for k, v in r.items()}
                                         for r in rows]


def _delimiter(text: str) -> str:
    """Comma, or what the header row is separated by: tabs (TSV, Excel's "Unicode text") or
    semicolons (Excel's CSV where the decimal mark is a comma)."""
    header = text.split("\n", 1)[0]
    best = max(",;\t", key=header.count)
    return best if header.count(best) > header.count(",") else ","


_EXTRA = "\x00extra"  # DictReader's key for surplus cells; no header can hold a NUL
