"""Shared fixtures: offscreen Qt, fresh projects on the bundled corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from gwot_reader.exchange.newproject import create_project  # noqa: E402
from gwot_reader.store import Project  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def _corpus_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "corpus.gwot"
    create_project(path, coder="tester").close()
    return path


@pytest.fixture
def corpus_project(_corpus_template, tmp_path) -> Project:
    """A new project with the bundled corpus and the starter codebook (copied, so it is fast)."""
    path = tmp_path / "corpus.gwot"
    shutil.copy(_corpus_template, path)
    project = Project.open(path, coder="tester")
    yield project
    project.close()


@pytest.fixture
def empty_project(tmp_path) -> Project:
    project = Project.create(tmp_path / "empty.gwot", coder="tester")
    yield project
    project.close()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Keep the default project and Qt settings of tests out of the real home folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))
