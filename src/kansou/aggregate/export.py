"""``kansou export json``: the whole store as one JSON object, stable across re-ingests.

Top-level keys: ``titles`` (with reception), ``reviews``, ``news``,
``people``, ``documents``. Ordering is by id everywhere, so exporting the
same store twice gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from kansou.aggregate.reception import news_json, review_json, store_leniency, title_reception
from kansou.store import Store

EXPORT_FORMAT_VERSION = 1


def export_data(store: Store, *, include_text: bool = False) -> dict[str, Any]:
    documents = {d.id: d for d in store.documents()}
    leniency = store_leniency(store, documents)
    titles = [title_reception(store, t, documents, leniency) for t in store.titles_with_claims()]
    enriched = {r["id"]: r for t in titles for r in t.pop("reviews")}
    reviews = [enriched.get(c.id) or review_json(c) for c in store.claims(kinds=["review"])]
    news = [n for d in documents.values() if d.kind == "news" if (n := news_json(store, d))]
    people = [{"id": p.id, "name": p.name} for p in store.people()]
    return {
        "format": EXPORT_FORMAT_VERSION,
        "titles": titles,
        "reviews": reviews,
        "news": news,
        "people": people,
        "documents": [
            {
                "id": d.id,
                "source": d.source,
                "url": d.url,
                "kind": d.kind,
                "language": d.language,
                "sha256": d.sha256,
                "subject": d.subject,
                "n_claims": d.n_claims,
                **({"text": store.document_text(d.id)} if include_text else {}),
            }
            for d in documents.values()
        ],
    }


def export_json(store: Store, *, include_text: bool = False) -> str:
    data = export_data(store, include_text=include_text)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
