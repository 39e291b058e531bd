"""Who is coding: --coder, then GWOT_CODER, then the reader's settings, then the login name."""

from __future__ import annotations

from gwot_reader.cli import main
from gwot_reader.core.coder import resolve_coder, settings_path
from gwot_reader.store import Project


def test_the_order_of_sources(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    assert resolve_coder(None, env) is None  # nothing set: the store's default (login name)
    ini = settings_path(env)
    ini.parent.mkdir(parents=True)
    ini.write_text('[General]\nx=1\n\n[coder]\nname="Ayesha, PhD"\n', encoding="utf-8")
    assert resolve_coder(None, env) == "Ayesha, PhD"
    assert resolve_coder(None, {**env, "GWOT_CODER": " Bilal "}) == "Bilal"
    assert resolve_coder("Chen", {**env, "GWOT_CODER": "Bilal"}) == "Chen"
    ini.write_bytes(b"\xff\xfe not an ini")
    assert resolve_coder(None, env) is None  # an unreadable file is no name, not a crash


def test_code_command_takes_the_coder_from_the_environment(corpus_project, monkeypatch):
    corpus_project.close()
    with Project.open(corpus_project.path) as p:
        doc = p.documents.all()[1].name
    monkeypatch.setenv("GWOT_CODER", "Ayesha")
    assert main(["code", str(corpus_project.path), "--doc", doc, "--start", "0", "--end", "5",
                 "--code", "Trust deficit"]) == 0
    assert main(["code", str(corpus_project.path), "--doc", doc, "--start", "5", "--end", "9",
                 "--code", "Trust deficit", "--coder", "Bilal"]) == 0
    with Project.open(corpus_project.path) as p:
        assert sorted(c.coder for c in p.codings.all()) == ["Ayesha", "Bilal"]
