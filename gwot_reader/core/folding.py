"""Case and diacritics folding that maps every folded position back to exact code points."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

# Scripts whose words are not (reliably) separated by spaces: CJK, kana, Thai, Lao, Khmer,
# Myanmar, and the Arabic script (Urdu is often typed without spaces between words). Terms in
# them match anywhere inside words, found through the trigram index. Keep in step with
# NO_SPACE_GLOB in store/schema.py.
NO_SPACE_RANGES = (
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF),
    (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_NO_SPACE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in NO_SPACE_RANGES) + "]")


def has_no_space_script(text: str) -> bool:
    return _NO_SPACE.search(text) is not None


@lru_cache(maxsize=4096)
def fold_char(ch: str, case: bool = True, marks: bool = True) -> str:
    """One code point folded: diacritics dropped (NFD, then no combining marks), case folded."""
    out = ch
    if marks:
        out = "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))
        out = unicodedata.normalize("NFC", out)
    if case:
        out = out.casefold()
    return out


def fold(text: str, case: bool = True, marks: bool = True) -> str:
    """The folded string alone (for query terms and patterns)."""
    return FoldedText(text, case=case, marks=marks).folded


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=256)
def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class FoldedText:
    """``folded`` is ``text`` folded; ``span()`` maps a folded span to the original code points.

    Only characters whose folding changes length (ß -> ss, a lone combining mark -> "") leave
    a breakpoint in the map, so most documents map one to one.
    """

    __slots__ = ("text", "folded", "_f", "_o", "_fixed")

    def __init__(self, text: str, *, case: bool = True, marks: bool = True) -> None:
        self.text = text
        # Breakpoints: from folded position _f[k] on, positions map to _o[k] + (p - _f[k]),
        # except where _fixed[k]: every position of that stretch maps to _o[k] (an expansion).
        self._f: list[int] = [0]
        self._o: list[int] = [0]
        self._fixed: list[bool] = [False]
        if not case and not marks:
            self.folded = text
            return
        # lower() is one pass in C and keeps the length for nearly every text; then only the
        # non-ASCII characters whose folding differs are replaced, by a regex over them.
        base = text.lower() if case else text
        if len(base) == len(text):
            chars = set(_NON_ASCII.findall(base))
        else:  # a character such as U+0130 lowers to two: fold everything one by one
            base, chars = text, set(text)
        change = {c: f for c in chars if (f := fold_char(c, case, marks)) != c}
        if not change:
            self.folded = base
            return
        self.folded = _char_class(frozenset(change)).sub(lambda m: change[m.group()], base)
        odd = frozenset(c for c, f in change.items() if len(f) != 1)
        if odd:
            fpos = 0
            last = 0
            for m in _char_class(odd).finditer(base):
                i = m.start()
                fpos += i - last
                f = change[m.group()]
                if len(f) > 1:
                    self._mark(fpos, i, True)
                fpos += len(f)
                self._mark(fpos, i + 1, False)
                last = i + 1

    def _mark(self, fpos: int, opos: int, fixed: bool) -> None:
        if self._f[-1] == fpos:  # a later breakpoint at the same place wins
            self._o[-1], self._fixed[-1] = opos, fixed
        else:
            self._f.append(fpos)
            self._o.append(opos)
            self._fixed.append(fixed)

    def position(self, fpos: int) -> int:
        """The original code point that folded position ``fpos`` came from."""
        k = bisect_right(self._f, fpos) - 1
        return self._o[k] if self._fixed[k] else self._o[k] + fpos - self._f[k]

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Folded ``[fstart, fend)`` as whole original code points, with any combining marks
        that follow its last character (they fold to nothing but belong to it)."""
        f = self._f
        if len(f) == 1 and self._o[0] == 0 and not self._fixed[0]:  # folded one to one
            return fstart, fend
        start = self.position(fstart)
        k = bisect_right(f, fend - 1) - 1
        last = (self._o[k] if self._fixed[k] else self._o[k] + fend - 1 - f[k]) + 1
        if k + 1 < len(f) and f[k + 1] == fend:
            # A breakpoint right after the hit: characters that fold to nothing (combining
            # marks) lie between; they belong to the hit's last character.
            last = max(last, self._o[k + 1] if fend < len(self.folded) else len(self.text))
        elif fend == len(self.folded):
            last = len(self.text)
        return start, max(last, start + 1)
