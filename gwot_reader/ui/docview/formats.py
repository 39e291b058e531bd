"""Typography of the reading view, and Markdown runs turned into character formats."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from gwot_reader.core.markup import Run
from gwot_reader.core.offsets import PositionMap

# Serif faces made for long reading on screen, best first; DejaVu Serif ships almost everywhere.
FONT_FAMILIES = ["Charter", "Source Serif 4", "Noto Serif", "Georgia", "Cambria", "DejaVu Serif", "Serif"]
MONO_FAMILIES = ["DejaVu Sans Mono", "Menlo", "Consolas", "Monospace"]
DEFAULT_POINT_SIZE = 11.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 6.0, 48.0
STRIPES_WIDTH = 40  # pixels of coding stripes, right-aligned against the text column
COLUMN_CHARS = 72  # a comfortable measure: about 60-75 characters a line
PAPER, INK = "#fbfaf6", "#1f1f1f"
SELECTION = "#b9d3f5"
# Translucent, so the codings under a selection stay visible while it is made.
SELECTION_OVER = QColor(40, 110, 220, 80)
LINK = "#1f5fa8"

# QTextFormat.FontSizeAdjustment scales the view's font (x1.2, x1.5, x2), so headings follow zoom.
_HEADING_ADJUST = {1: 2, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0}


def reading_font(point_size: float = DEFAULT_POINT_SIZE) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    # The typographic line gap where a font has one: a little more air between lines (the
    # plain-text layout ignores QTextBlockFormat line heights).
    font.setStyleStrategy(QFont.StyleStrategy.PreferTypoLineMetrics)
    font.setPointSizeF(point_size)
    return font


def reading_palette(base: QPalette) -> QPalette:
    pal = QPalette(base)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        pal.setColor(group, QPalette.ColorRole.Base, QColor(PAPER))
        pal.setColor(group, QPalette.ColorRole.Window, QColor(PAPER))
        pal.setColor(group, QPalette.ColorRole.Text, QColor(INK))
        pal.setColor(group, QPalette.ColorRole.Highlight, SELECTION_OVER)
        pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor(INK))
    return pal


def run_format(run: Run) -> QTextCharFormat | None:
    """The character format of one run, or None for kinds the view does not style."""
    fmt = QTextCharFormat()
    kind = run.kind
    if kind.startswith("heading") and kind[7:].isdigit():
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, _HEADING_ADJUST.get(int(kind[7:]), 0))
    elif kind == "bold":
        fmt.setFontWeight(QFont.Weight.Bold)
    elif kind == "italic":
        fmt.setFontItalic(True)
    elif kind == "underline":
        fmt.setFontUnderline(True)
    elif kind in ("sup", "sub"):
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript if kind == "sup"
                                 else QTextCharFormat.VerticalAlignment.AlignSubScript)
    elif kind == "link":
        fmt.setFontUnderline(True)
        fmt.setForeground(QColor(LINK))
        fmt.setAnchor(True)
        fmt.setAnchorHref(run.value)
        fmt.setToolTip(run.value)
    elif kind == "code":
        fmt.setFontFamilies(MONO_FAMILIES)
        fmt.setFontFixedPitch(True)
        fmt.setBackground(QColor("#efece4"))
    elif kind == "quote":
        fmt.setFontItalic(True)
        fmt.setForeground(QColor("#555555"))
    elif kind == "mark":
        fmt.setBackground(QColor("#f3ecc8"))
    elif kind == "page-furniture":  # PDF running headers and page numbers: kept, but dimmed
        fmt.setForeground(QColor("#9a9a9a"))
        fmt.setToolTip(f"Page {run.value}: running header or page number")
    else:
        return None
    return fmt


def apply_runs(document: QTextDocument, runs: list[Run], positions: PositionMap) -> None:
    """Merge each run's format into the document; runs count code points, Qt UTF-16 units."""
    if not runs:
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    limit = positions.length
    for run in runs:
        fmt = run_format(run)
        start, end = max(0, run.start), min(run.end, limit)
        if fmt is None or end <= start:
            continue
        a, b = positions.span_to_utf16(start, end)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    cursor.endEditBlock()
