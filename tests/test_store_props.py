"""Stateful property test: any sequence of coding operations keeps the store equal to a model."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from gwot_reader.core.errors import SpanError
from gwot_reader.store import Project

TEXTS = ["Plain text about trust.\nSecond line, more words.",
         "Emoji 😀 before 𝕏 and e\u0301 combining; 中文 too.\r\nEnd 👍🏽."]


class CodingMachine(RuleBasedStateMachine):
    removed = Bundle("removed")

    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.project = Project.create(Path(self.tmp.name) / "p.gwot", coder="tester")
        self.docs = [self.project.documents.add(f"d{i}", t.replace("\r\n", "\n"))
                     for i, t in enumerate(TEXTS)]
        self.codes = [self.project.codebook.add(n).id for n in ("A", "B")]
        self.model: dict[str, tuple[int, int, int, int, str]] = {}
        self.history = len(self.project.history.all())
        self.notices = 0
        self.project.subscribe(lambda change: setattr(self, "notices", self.notices + 1))

    def teardown(self) -> None:
        self.project.close()
        self.tmp.cleanup()

    def _ops(self, n: int = 1) -> None:
        self.history += n

    @rule(doc=st.integers(0, 1), code=st.integers(0, 1), a=st.integers(-3, 80), b=st.integers(-3, 80))
    def add(self, doc, code, a, b):
        d = self.docs[doc]
        try:
            c = self.project.codings.add(d.id, self.codes[code], a, b)
        except SpanError:
            assert not (0 <= a < b <= d.length)
            return
        assert 0 <= a < b <= d.length
        self.model[c.guid] = (d.id, self.codes[code], a, b, "")
        self._ops()

    def _remove(self, data):
        guid = data.draw(st.sampled_from(sorted(self.model)))
        coding = self.project.codings.remove(self.project.codings.get(guid).id)
        del self.model[guid]
        self._ops()
        return coding

    @rule(data=st.data())
    def remove(self, data):
        if self.model:
            self._remove(data)

    @rule(target=removed, data=st.data())
    def remove_for_undo(self, data):
        return self._remove(data) if self.model else None

    @rule(coding=consumes(removed))
    def undo_remove(self, coding):
        if coding is None or coding.guid in self.model:
            return
        # In any order: ids are never reused, so a removed coding's place is always free.
        self.project.codings.restore(coding)
        self.model[coding.guid] = (coding.document_id, coding.code_id, coding.start, coding.end,
                                   coding.memo)
        self._ops()

    @rule(data=st.data(), memo=st.text(max_size=10))
    def set_memo(self, data, memo):
        if not self.model:
            return
        guid = data.draw(st.sampled_from(sorted(self.model)))
        self.project.codings.set_memo(self.project.codings.get(guid).id, memo)
        d, k, s, e, _ = self.model[guid]
        self.model[guid] = (d, k, s, e, memo)
        self._ops()

    @rule(data=st.data(), a=st.integers(0, 60), n=st.integers(1, 10))
    def set_span(self, data, a, n):
        if not self.model:
            return
        guid = data.draw(st.sampled_from(sorted(self.model)))
        d, k, _, _, memo = self.model[guid]
        length = next(doc.length for doc in self.docs if doc.id == d)
        if a + n > length:
            return
        self.project.codings.set_span(self.project.codings.get(guid).id, a, a + n)
        self.model[guid] = (d, k, a, a + n, memo)
        self._ops()

    @invariant()
    def store_equals_model(self):
        got = {c.guid: (c.document_id, c.code_id, c.start, c.end, c.memo)
               for c in self.project.codings.all()}
        assert got == self.model
        for c in self.project.codings.all():
            assert c.text == self.project.documents.text(c.document_id)[c.start : c.end]
        counts = self.project.codings.counts_by_code()
        for code in self.codes:
            n = sum(1 for v in self.model.values() if v[1] == code)
            docs = len({v[0] for v in self.model.values() if v[1] == code})
            assert counts.get(code, (0, 0)) == (n, docs)
        assert len(self.project.history.all()) == self.history
        assert self.notices == self.history - 4  # one notice per operation after setup


CodingMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
TestCodings = CodingMachine.TestCase
