"""Analysis > Agreement…: choose coders, codes and documents; the figures the command line's
``agreement`` gives, per code and document, and the passages where the coders disagree, each
opened at a click in two panes side by side, one coder in each."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gwot_reader.core.agreement_report import UNITS
from gwot_reader.exchange.teamwork import AgreementRun, agreement, shared_documents
from gwot_reader.ui.teams.agreement_model import (
    STAT_COLUMNS,
    Passage,
    Table,
    passage_cells,
    passage_tips,
    stat_cells,
)
from gwot_reader.ui.teams.coder_filter import ONE, CoderChoice

MAX_PASSAGES = 20_000  # listed at most (the statistics always cover everything)


def _checklist(name: str) -> QListWidget:
    lst = QListWidget()
    lst.setObjectName(name)
    lst.setUniformItemSizes(True)
    return lst


def _checked(lst: QListWidget) -> list[Any]:
    return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
            if lst.item(i).checkState() == Qt.CheckState.Checked]


def _add(lst: QListWidget, text: str, value: Any, checked: bool) -> None:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    lst.addItem(item)


def compute(project: Any, progress: Any, coders: list[str], codes: list[int], docs: list[int],
            unit: str, across: bool) -> tuple[AgreementRun, list[Passage]]:
    """The job's work (its own connection): the table, and the disagreements with their text."""
    run = agreement(project, coders, codes, docs, unit, across, with_disagreements=True,
                    progress=progress)
    paths = dict(run.codes)
    names = {d.id: d.name for d in run.documents}
    texts: dict[int, str] = {}
    out = []
    for d in run.disagreements[:MAX_PASSAGES]:
        text = texts.get(d.document_id)
        if text is None:
            text = texts[d.document_id] = project.documents.text(d.document_id)
        out.append(Passage(d.document_id, d.code_id, d.start, d.end, d.spans,
                           paths.get(d.code_id, ""), names.get(d.document_id, ""),
                           tuple(" … ".join(text[s:e] for s, e in parts) for parts in d.spans)))
    return run, out


class AgreementWindow(QDialog):
    def __init__(self, window: Any) -> None:
        # A window of its own, not a child of the reader's: a click on a disagreement brings the
        # reader (its two panes) in front of it, which a child window would stay above.
        super().__init__(None)
        self.setObjectName("agreement_window")
        self.setWindowTitle("Agreement — GWOT Reader")
        self.window_ = window
        self.session = window.session
        self.run: AgreementRun | None = None
        self.job = None
        self.coders = _checklist("agreement_coders")
        self.codes = _checklist("agreement_codes")
        self.docs = _checklist("agreement_documents")
        self.coders.itemChanged.connect(lambda _i: self._coders_changed())
        self.unit = QComboBox()
        self.unit.setObjectName("agreement_unit")
        self.unit.addItems(list(UNITS))
        self.unit.setToolTip("character: every character is a unit (NVivo's way); paragraph: "
                             "every non-empty line")
        self.across = QCheckBox("Codes as one variable (cu-α at character level)")
        self.across.setObjectName("agreement_across")
        self.compute_button = QPushButton("&Compute")
        self.compute_button.setObjectName("agreement_compute")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.copy_button = QPushButton("Copy &table")
        self.copy_button.setToolTip("The table as tab-separated text, to paste into a paper")
        self.copy_button.clicked.connect(self.copy_table)
        self.copy_button.setEnabled(False)
        self.summary = QLabel("Choose two or more coders, then Compute.")
        self.summary.setObjectName("agreement_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats = Table(self)
        self.stats_view = self._table(self.stats, "agreement_table")
        self.passages = Table(self)
        self.passages_view = self._table(self.passages, "agreement_disagreements")
        self.passages_view.clicked.connect(self.open_passage)
        self.passages_view.activated.connect(self.open_passage)
        self.passages_label = QLabel("Disagreements")

        left = QWidget()
        form = QFormLayout(left)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel("Coders"))
        form.addRow(self.coders)
        codes_label = QLabel("Codes (none checked: every code the coders applied; a category "
                             "stands for its codes)")
        codes_label.setWordWrap(True)
        form.addRow(codes_label)
        form.addRow(self.codes)
        form.addRow(QLabel("Documents (by default those every chosen coder coded)"))
        form.addRow(self.docs)
        form.addRow("Unit", self.unit)
        form.addRow(self.across)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.copy_button)
        form.addRow(buttons)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.summary)
        tl.addWidget(self.stats_view, 1)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.passages_label)
        bl.addWidget(self.passages_view, 1)
        right.addWidget(top)
        right.addWidget(bottom)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.session.projectReplaced.connect(self.fill)
        self.session.codersChanged.connect(self.fill)
        self.resize(1250, 760)
        split.setSizes([330, 920])
        self.fill()

    def _table(self, model: Table, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    # -- choices ----------------------------------------------------------------------------------
    def fill(self) -> None:
        """The project's coders (the first two checked), codes and documents."""
        project = self.session.project
        keep = set(_checked(self.coders))
        self.coders.blockSignals(True)
        self.coders.clear()
        self.codes.clear()
        names = project.coders.names() if project is not None else []
        counts = project.coders.counts() if project is not None else {}
        busiest = set(sorted(names, key=lambda n: -counts.get(n, 0))[:2])  # the default pair
        for name in names:
            _add(self.coders, f"{name} ({counts.get(name, 0):,} codings)", name,
                 name in keep if keep & set(names) else name in busiest)
        self.coders.blockSignals(False)
        if project is not None:
            tree = project.codebook.tree()
            for c in tree:
                depth, parent = 0, c.parent_id
                while parent is not None and parent in tree.by_id:
                    depth, parent = depth + 1, tree.by_id[parent].parent_id
                _add(self.codes, "    " * depth + c.name, c.id, False)
        self._coders_changed()

    def _coders_changed(self) -> None:
        project = self.session.project
        self.docs.clear()
        if project is None:
            return
        coders = _checked(self.coders)
        shared = {d.id for d in shared_documents(project, coders)} if len(coders) >= 2 else set()
        for d in project.documents.all():
            _add(self.docs, d.name, d.id, d.id in shared)

    def check(self, lst: QListWidget, values: list[Any]) -> None:
        """Check exactly these values (tests and scripted use)."""
        for i in range(lst.count()):
            item = lst.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in values
                               else Qt.CheckState.Unchecked)

    # -- computing --------------------------------------------------------------------------------
    def compute(self) -> None:
        coders, docs = _checked(self.coders), _checked(self.docs)
        if len(coders) < 2:
            self.summary.setText("Choose two or more coders.")
            return
        if not docs:
            self.summary.setText("Choose at least one document (none is coded by every chosen coder).")
            return
        codes, unit, across = _checked(self.codes), self.unit.currentText(), self.across.isChecked()
        self.compute_button.setEnabled(False)
        self.summary.setText("Computing…")

        def work(project, progress):
            return compute(project, progress, coders, codes, docs, unit, across)

        def failed(job, message: str) -> None:
            self.compute_button.setEnabled(True)
            self.summary.setText(message[:1].upper() + message[1:])
            self.session.failed_read(job, message)

        self.job = self.session.jobs.start(self, "Computing agreement", work, self.session.project.path,
                                           self.session.coder or "", self.show_result, failed)

    def show_result(self, result: object) -> None:
        run, passages = cast(tuple[AgreementRun, list[Passage]], result)
        self.run = run
        self.compute_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        rows = run.result.rows
        self.stats.reset(STAT_COLUMNS, [stat_cells(r) for r in rows], rows)
        self.stats_view.resizeColumnsToContents()
        for col, most in ((0, 220), (1, 260)):  # long names are elided; the numbers stay in view
            self.stats_view.setColumnWidth(col, min(most, self.stats_view.columnWidth(col)))
        overall = rows[-1]
        cells = stat_cells(overall)
        notes = "".join(f"<br>Note: {c} applied two codes of the set to {n:,} {run.unit}s of {d}; "
                        "they count as missing values." for c, d, n in run.result.double_coded)
        self.summary.setText(
            f"<b>{', '.join(run.coders)}</b> over {len(run.documents)} document(s) and "
            f"{len(run.codes)} code(s), {run.unit} units{' (codes as one variable)' * run.across}: "
            f"<b>{cells[3]}%</b> agreement, Cohen's κ <b>{cells[4]}</b>, Krippendorff's α "
            f"<b>{cells[5]}</b> over {cells[2]} units.{notes}")
        header = ["Code", "Document", "Characters", *run.coders]
        self.passages.reset(header, [passage_cells(p) for p in passages], passages,
                            [passage_tips(p) for p in passages])
        for col, width in ((0, 170), (1, 170), (2, 90)):
            self.passages_view.setColumnWidth(col, width)
        spare = self.passages_view.viewport().width() - 430
        for col in range(3, 3 + len(run.coders)):
            self.passages_view.setColumnWidth(col, max(200, spare // len(run.coders)))
        shown = len(passages)
        total = len(run.disagreements)
        self.passages_label.setText(
            f"Disagreements: {total:,} passage(s) the coders did not code alike"
            + (f" (the first {shown:,} listed)" if shown < total else "")
            + " — click one to see it in two panes, one coder in each")

    def copy_table(self) -> None:
        QGuiApplication.clipboard().setText(self.stats.as_tsv())
        self.session.tell("Agreement table copied (tab-separated)")

    # -- a disagreement in the reader -------------------------------------------------------------
    def open_passage(self, index) -> None:
        passage = self.passages.payload(index)
        if not isinstance(passage, Passage) or self.run is None:
            return
        coders = self.run.coders
        # the two coders to compare: the first two whose parts differ
        order = [i for i, parts in enumerate(passage.coder_spans)
                 if parts != passage.coder_spans[0]]
        pair = [0, order[0]] if order else [0, 1]
        area = self.window_.area
        while len(area.panes) < 2:
            area.add_pane()
        for pane, i in zip(area.panes[:2], pair, strict=False):
            if pane.document_id != passage.document_id:
                area.open_document(pane, passage.document_id)
            self.window_.coder_filter.apply(pane, CoderChoice(ONE, coders[i]))
            pane.view.set_mode("text")
            pane.view.text_view.reveal(passage.start, passage.end)
        area.set_focused(area.panes[0])
        self.window_.raise_()
        self.window_.activateWindow()
