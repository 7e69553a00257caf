"""Japanese-aware search terms for Wagtail's database search backend.

Japanese is written without spaces, so full-text tokenisers (SQLite FTS5 ``unicode61``, PostgreSQL's
``simple`` parser) see a whole sentence as one word and a search for 「セキュリティ」 finds nothing. Pages
therefore index an extra field made of overlapping two-character pieces (bigrams) of their Japanese text,
and queries are cut the same way; Latin words and numbers stay whole. The same function builds both, so
the index and the query always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

# After NFKC normalisation: hiragana, katakana (with the prolonged sound mark), CJK ideographs, 々.
_JAPANESE_RUN = r"[\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]+"
_TOKEN = re.compile(rf"({_JAPANESE_RUN})|([0-9a-z]+)")


def search_terms(text: str) -> Iterator[str]:
    """Bigrams of each run of Japanese characters (a lone character stays whole) and Latin words."""
    normalised = unicodedata.normalize("NFKC", text or "").lower()
    for match in _TOKEN.finditer(normalised):
        japanese, word = match.groups()
        if word:
            yield word
        elif len(japanese) == 1:
            yield japanese
        else:
            for index in range(len(japanese) - 1):
                yield japanese[index : index + 2]


def index_text(parts: Iterable[str]) -> str:
    """The text stored in the search index for a page (terms separated by spaces)."""
    return " ".join(term for part in parts for term in search_terms(part))


def query_text(query: str) -> str:
    """A user's query in the same terms; unique terms only (every one must match)."""
    return " ".join(dict.fromkeys(search_terms(query)))
