"""A new project holds the bundled corpus and the starter codebook."""


def test_corpus_project_has_corpus_and_codebook(corpus_project):
    stats = corpus_project.stats()
    assert stats["documents"] == 5
    assert stats["codes"] == 22
    assert corpus_project.codebook.get("Themes/Trust deficit").color == "#D73027"
