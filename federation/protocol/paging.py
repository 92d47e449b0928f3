"""Every collection we serve, paged the one way peers walk them.

The collection itself (`OrderedCollection`) says how many items there are and where
the first and last pages are; `?page=N` (from 1) serves an `OrderedCollectionPage`
with `partOf`, `next`/`prev` and its `orderedItems`. A peer that follows `first` then
`next` to the end sees exactly `totalItems` items: before this, an outbox said 25 and
listed 20, and nothing said where the other five were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse

from federation.protocol.negotiation import activity_response

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
PAGE_SIZE = 20
# A bound on `?page=`: a page number past this is out of range (an empty last page).
MAX_PAGE = 100_000


def page_uri(collection_id: str, number: int) -> str:
    separator = "&" if "?" in collection_id else "?"
    return f"{collection_id}{separator}page={number}"


def requested_page(request: HttpRequest) -> int | None:
    """The page asked for: None for the collection itself; 0 for a page that is not one."""
    raw = request.GET.get("page")
    if raw is None:
        return None
    if raw in ("true", "1"):
        return 1  # Mastodon's `?page=true`
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 0


def collection_response(
    request: HttpRequest,
    *,
    collection_id: str,
    items: QuerySet | Sequence,
    to_item: Callable[[Any], dict[str, Any] | str],
    ordered: bool = True,
    page_size: int = PAGE_SIZE,
) -> JsonResponse:
    """The collection (`?page` absent) or one of its pages; `items` in the order served.

    A page past the last one is an empty page of the collection (peers stop at a page
    without `next`); a page number that is not one answers 404.
    """
    total = items.count() if isinstance(items, QuerySet) else len(items)
    pages = max(1, -(-total // page_size))
    kind = "OrderedCollection" if ordered else "Collection"
    number = requested_page(request)
    if number is None:
        document: dict[str, Any] = {
            "@context": AS_CONTEXT,
            "id": collection_id,
            "type": kind,
            "totalItems": total,
            "first": page_uri(collection_id, 1),
            "last": page_uri(collection_id, pages),
        }
        return activity_response(document)
    if number == 0:
        return activity_response({"error": "no such page"}, status=404)
    start = (number - 1) * page_size
    chosen = list(items[start : start + page_size]) if start < total else []
    document = {
        "@context": AS_CONTEXT,
        "id": page_uri(collection_id, number),
        "type": f"{kind}Page",
        "partOf": collection_id,
        "totalItems": total,
        "orderedItems" if ordered else "items": [to_item(item) for item in chosen],
    }
    if number < pages:
        document["next"] = page_uri(collection_id, number + 1)
    if number > 1:
        document["prev"] = page_uri(collection_id, min(number - 1, pages))
    if ordered:
        document["startIndex"] = start
    return activity_response(document)


def count_only(collection_id: str, total: int) -> dict[str, Any]:
    """A collection whose items are private (who follows a person is their business):
    the count, and no pages to walk, as Mastodon serves a hidden network."""
    return {
        "@context": AS_CONTEXT,
        "id": collection_id,
        "type": "OrderedCollection",
        "totalItems": total,
    }
