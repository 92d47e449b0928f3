"""Full-text search over published experiences, on PostgreSQL and SQLite alike.

PostgreSQL matches a stored `search_vector` column (to_tsvector('simple',
search_document), GIN-indexed; migration 0004): language neutral, since one node
holds texts in many languages and the document is already accent-free. SQLite, the
embedded default, falls back to word containment.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from profiles.text import words

MAX_TERMS = 8
TSVECTOR_SQL = '"profiles_experience"."search_vector"'


def search_terms(query: str) -> list[str]:
    """The words of a query that search will look for (letters and digits only)."""
    terms: list[str] = []
    for word in words(query):
        clean = "".join(c for c in word if c.isalnum())
        if clean and clean not in terms:
            terms.append(clean)
    return terms[:MAX_TERMS]


def filter_by_text(queryset: QuerySet, query: str) -> QuerySet:
    """Experiences whose text contains every word of the query (as a word prefix)."""
    terms = search_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        # The terms are bound as a parameter; only our constant SQL is interpolated.
        return queryset.extra(  # noqa: S610 - an expression index needs this exact SQL
            where=[f"{TSVECTOR_SQL} @@ to_tsquery('simple'::regconfig, %s)"], params=[tsquery]
        )
    for term in terms:
        queryset = queryset.filter(search_document__contains=term)
    return queryset
