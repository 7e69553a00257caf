"""Japanese-aware search terms: the index and the query are cut into the same bigrams."""

from courses.search import index_text, query_text, search_terms


def test_japanese_runs_become_bigrams_and_latin_words_stay_whole():
    assert list(search_terms("情報セキュリティ")) == [
        "情報", "報セ", "セキ", "キュ", "ュリ", "リテ", "ティ",
    ]  # fmt: skip
    assert list(search_terms("Python と pandas")) == ["python", "と", "pandas"]


def test_full_width_and_half_width_forms_are_normalised():
    assert list(search_terms("ＤＸ推進")) == ["dx", "推進"]
    assert list(search_terms("ｾｷｭﾘﾃｨ")) == list(search_terms("セキュリティ"))


def test_a_query_matches_text_containing_it():
    """Is every query term found in the indexed text whenever the query is a substring of it?"""
    text = "標的型メールとフィッシングへの対応"
    indexed = set(index_text([text]).split())
    for query in ("フィッシング", "標的型メール", "対応"):
        assert set(query_text(query).split()) <= indexed
    assert not set(query_text("クラウド").split()) <= indexed
