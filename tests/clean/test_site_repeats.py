"""Lines a site repeats across its articles are found per site and removed as ``site_repeat``."""

from __future__ import annotations

from corroborate.clean.boilerplate import clean_document
from corroborate.clean.site_repeats import normalise_line, repeated_lines, site_key
from corroborate.config import Config
from corroborate.records import Document, content_id

TAGLINE = "The Valley Courier — independent local journalism since 1921"


def doc(
    raw: str, name: str, site: str | None = "Valley Courier", url: str | None = None, origin: str = ""
) -> Document:
    return Document(
        id=content_id(raw), name=name, origin=origin or f"/corpus/{name}", raw=raw, site=site, url=url
    )


def courier_docs() -> list[Document]:
    stories = [
        "The council approved a new budget of $4 million for road repairs.",
        "Two schools will close early on Friday because of the heat.",
        "A fire destroyed a barn east of town; no one was hurt.",
        "The library will extend its opening hours from next month.",
    ]
    docs = []
    for i, story in enumerate(stories):
        shared = "Police said 3 people were hurt in the crash." if i < 3 else "Weather was mild."
        raw = f"{TAGLINE}\n{story}\n{shared}\n"
        if i < 2:
            raw += "Ask the editor a question\n"
        docs.append(doc(raw, f"courier-{i}.txt"))
    return docs


def test_repeated_lines_per_site() -> None:
    other_site = doc(
        f"{TAGLINE}\nA different paper quoting the tagline once.\n", "other.txt", site="Other Gazette"
    )
    found = repeated_lines([*courier_docs(), other_site], min_docs=3)
    assert found == {"valley courier": frozenset({normalise_line(TAGLINE)})}


def test_a_repeated_sentence_with_a_figure_is_not_furniture() -> None:
    found = repeated_lines(courier_docs(), min_docs=3)
    assert normalise_line("Police said 3 people were hurt in the crash.") not in found["valley courier"]


def test_exact_copies_count_once() -> None:
    copies = [doc(f"{TAGLINE}\nSame story.\n", f"copy-{i}.txt") for i in range(3)]
    assert repeated_lines(copies, min_docs=2) == {}


def test_long_lines_are_not_site_furniture() -> None:
    long_line = "word " * 60
    docs = [doc(f"{long_line}\nStory {i}.\n", f"d{i}.txt") for i in range(3)]
    assert repeated_lines(docs, min_docs=3) == {}


def test_clean_removes_site_lines() -> None:
    docs = courier_docs()
    found = repeated_lines(docs, min_docs=3)
    cleaned = clean_document(docs[0], Config(), site_lines=found[site_key(docs[0])])
    assert TAGLINE not in cleaned.text
    assert "Police said 3 people were hurt in the crash." in cleaned.text
    [removal] = cleaned.removed
    assert (removal.rule, removal.text, removal.start) == ("site_repeat", TAGLINE, 0)


def test_site_key_fallbacks() -> None:
    assert site_key(doc("x", "a", site="  Valley  Courier ")) == "valley courier"
    assert site_key(doc("x", "a", site=None, url="https://www.example.com/news/1")) == "example.com"
    wayback = "http://web.archive.org/web/20160617212336/http://fox59.com:80/2014/02/04/story/"
    assert site_key(doc("x", "a", site=None, url=wayback)) == "fox59.com"
    assert site_key(doc("x", "a", site=None, origin="/data/feeds/articles.jsonl:12")) == "/data/feeds"
    assert site_key(doc("x", "a", site=None, origin="/data/seeds/000.txt")) == "/data/seeds"
