"""The codebook as a tree in memory: paths, children, ancestors and lookup by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gwot_reader.core.errors import ConflictError, NotFoundError
from gwot_reader.core.model import Code

SEP = "/"


class CodebookTree:
    """An immutable snapshot of the codebook, built from its flat list of codes."""

    def __init__(self, codes: Iterable[Code]) -> None:
        self.by_id: dict[int, Code] = {}
        self._children: dict[int | None, list[Code]] = {}
        for c in sorted(codes, key=lambda c: (c.ord, c.id)):
            self.by_id[c.id] = c
            self._children.setdefault(c.parent_id, []).append(c)
        self._paths: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self) -> Iterator[Code]:
        """Depth-first, in tree order."""
        stack = list(reversed(self.children(None)))
        while stack:
            c = stack.pop()
            yield c
            stack.extend(reversed(self.children(c.id)))

    def children(self, parent_id: int | None) -> list[Code]:
        return list(self._children.get(parent_id, ()))

    def parent(self, code_id: int) -> Code | None:
        pid = self.by_id[code_id].parent_id
        return self.by_id.get(pid) if pid is not None else None

    def ancestors(self, code_id: int) -> list[int]:
        out = []
        pid = self.by_id[code_id].parent_id if code_id in self.by_id else None
        while pid is not None and pid not in out:
            out.append(pid)
            pid = self.by_id[pid].parent_id if pid in self.by_id else None
        return out

    def descendants(self, code_id: int) -> list[Code]:
        out: list[Code] = []
        stack = self.children(code_id)
        while stack:
            c = stack.pop(0)
            out.append(c)
            stack.extend(self.children(c.id))
        return out

    def depth(self, code_id: int) -> int:
        return len(self.ancestors(code_id))

    def path(self, code_id: int) -> str:
        """Names from the root down, joined by '/': ``Themes/Trust deficit``."""
        if code_id not in self._paths:
            code = self.by_id.get(code_id)
            if code is None:
                raise NotFoundError(f"no code with id {code_id}")
            names = [self.by_id[a].name for a in reversed(self.ancestors(code_id))]
            self._paths[code_id] = SEP.join([*names, code.name])
        return self._paths[code_id]

    def resolve(self, ref: str) -> Code | None:
        """A code by full path, else by name if only one code has it (case-insensitive).

        Names may themselves hold '/', so paths are matched whole, never split.
        """
        want = ref.strip().casefold()
        by_path = [c for c in self.by_id.values() if self.path(c.id).casefold() == want]
        if by_path:
            return by_path[0]
        by_name = [c for c in self.by_id.values() if c.name.casefold() == want]
        if len(by_name) == 1:
            return by_name[0]
        if len(by_name) > 1:
            paths = ", ".join(sorted(self.path(c.id) for c in by_name))
            raise ConflictError(f"{ref!r} names more than one code ({paths}); give its path")
        return None
