"""The database the web tests serve: the seed articles with their gold claims, plus a hostile one.

The seed articles and gold claims are read from ../shared at run time (tests/store/seed_records);
the hostile document puts markup into every field an article controls, with payloads that would
leave a trace (a global variable, a request to another host) if any page ran them.
"""

from __future__ import annotations

from pathlib import Path

from corroborate.records import Claim, Document, Rejection, Removal, content_id
from corroborate.store.queries import ensure_indexes
from corroborate.store.sqlite_store import Store
from tests.store.seed_records import claim_at, gold_claims, seed_documents

# Each payload would set window.__pwned or fetch from evil.example if it ever ran or rendered.
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = '"><img src="http://evil.example/x.png" onerror="window.__pwned = \'img\'">'
CLOSE = "</script><script>window.__pwned = 'close'</script>"
HOSTILE = f"{SCRIPT} {IMG} {CLOSE}"


def hostile_document() -> tuple[Document, list[Claim]]:
    """A document with markup in its text, title, name, url, and in its claims' fields."""
    text = (
        f"Officials said 12,000 troops {HOSTILE} crossed the border on Monday.\n"
        f"A second report {CLOSE} put the number at about 15,000 soldiers."
    )
    doc_id = content_id(text)
    doc = Document(
        id=doc_id,
        name=f"evil{IMG}.txt",
        origin=f"in/evil{IMG}.txt",
        raw=text + " junk",
        text=text,
        title=f"Title {HOSTILE}",
        url="javascript:window.__pwned='url'",
        site=f"Site {SCRIPT}",
        published="2024-11-20",
        removed=(Removal(doc_id, len(text), len(text) + 5, "site_repeat", f" {SCRIPT}"),),
    )
    first = claim_at(
        doc,
        text.split("\n")[0],
        "12,000",
        12000,
        12000,
        source=f"Ministry {HOSTILE}",
        counted=f"troops {IMG}",
        where=IMG,
        time=SCRIPT,
        modality="reported",
    )
    second = claim_at(
        doc,
        text.split("\n")[1],
        "about 15,000",
        15000,
        15000,
        approx=True,
        source=f"Agency {IMG}",
        counted="soldiers",
    )
    return doc, [first, second]


def build_seed_db(path: Path, shared: Path, hostile: bool = True) -> Path:
    """Write the web tests' database to ``path`` (with the hostile document unless told not) and return it."""
    docs = seed_documents(shared)
    bad, bad_claims = hostile_document()
    with Store(path) as store:
        with store.transaction():
            for d in [*docs, *([bad] if hostile else [])]:
                store.add_document(d)
            store.add_claims(gold_claims(shared, docs))
            if hostile:
                store.add_claims(bad_claims)
                store.add_rejection(
                    Rejection("ingest", "bad_json", f"in/{IMG}", f"Detail {HOSTILE}", name=SCRIPT)
                )
        ensure_indexes(store)
    return path
