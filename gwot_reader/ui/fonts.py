"""Glyphs for Arabic-script (Urdu) and CJK text in tooltips, lists and menus.

The application font gets fallback families that hold those scripts: the system's own where it
has one with every sample letter (Urdu's ے and ں are missing from DejaVu Sans, the usual
Linux default), else for Arabic script the bundled Noto Naskh Arabic (resources/fonts, SIL Open
Font License). Widgets and tooltips then show such names and quotes instead of empty boxes,
as the document view already does.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication, QToolTip

WS = QFontDatabase.WritingSystem
# Letters each fallback must have; the Arabic sample includes Urdu's own letters.
SAMPLES: tuple[tuple[WS, str], ...] = (
    (WS.Arabic, "ابپتٹجدڈرڑسکگلںوہھیےۓ"),
    (WS.SimplifiedChinese, "中文的国战争"),
    (WS.Japanese, "日本語のカタ"),
    (WS.Korean, "한국어"),
)
BUNDLED = {WS.Arabic: "NotoNaskhArabic-Regular.ttf"}
CANDIDATES = 12  # families of a script tried before giving up (each one is a font file read)
_done: list[str] | None = None


def covers(family: str, text: str) -> bool:
    """Whether the font of this family itself (not a fallback) has every letter of ``text``."""
    raw = QRawFont.fromFont(QFont(family))
    return raw.isValid() and raw.familyName() == family and all(
        raw.supportsCharacter(ord(c)) for c in text)


def _bundled(name: str) -> str | None:
    from gwot_reader.exchange.bundled import resource

    try:
        font_id = QFontDatabase.addApplicationFont(str(resource(f"fonts/{name}")))
    except FileNotFoundError:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def fallback_families() -> list[str]:
    """One family per script in SAMPLES that has all its sample letters (Noto first).

    Only the Arabic-script candidates are opened to check their letters (a few milliseconds):
    fonts say they support Arabic with Urdu's letters missing, while a font listed for a CJK
    writing system has its characters, and opening a 20 MB CJK font costs 70 ms at start."""
    out: list[str] = []
    for ws, sample in SAMPLES:
        check = ws in BUNDLED
        if check and any(covers(f, sample) for f in out):
            continue
        names = QFontDatabase.families(ws)
        names = sorted(names, key=lambda f: (not f.startswith("Noto Sans"), "Mono" in f,
                                              not f.endswith(" SC")))
        found = next((f for f in names[:CANDIDATES] if not check or covers(f, sample)), None)
        if found is None and ws in BUNDLED:
            found = _bundled(BUNDLED[ws])
        if found is not None and found not in out:
            out.append(found)
        if not check and found is not None:
            break  # one CJK family holds Chinese, Japanese and Korean (Noto, Droid)
    return out


def install() -> list[str]:
    """Give the application font (and the tooltips') the fallbacks, once per process."""
    global _done
    app = QApplication.instance()
    if _done is not None or not isinstance(app, QApplication):
        return _done or []
    fallbacks = fallback_families()
    font = app.font()
    # The family really used first (a generic name such as "Sans Serif" may resolve to nothing
    # on some platforms, and the first fallback, taller, would then set every row's height).
    used = QFontInfo(font).family()
    font.setFamilies([used, *[f for f in fallbacks if f != used]])
    app.setFont(font)
    QToolTip.setFont(font)
    _done = fallbacks
    return fallbacks
