"""Evaluation corpora and scorers for the provenance stage, shared by its tests and benchmarks.

Loads the two labelled story sets under ../shared/eval at run time (nothing is copied into the
repo), plants near-copies of real articles, and scores clusterings with B-cubed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborate.provenance.near_duplicates import shingles
from corroborate.records import Document, content_id

__all__ = [
    "BOILERPLATE_LINES",
    "Labelled",
    "PlantedCorpus",
    "bcubed",
    "casualty_documents",
    "distinct_articles",
    "make_document",
    "plant_copies",
    "plant_copy",
    "synthetic_stream",
    "wikiref_documents",
]

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

# Lines a syndicating site might put around an article; written for these tests, not taken from
# any corpus. A planted copy gets one or two of them in place of the source's own first/last line.
BOILERPLATE_LINES = (
    "Copyright 2017 Lakeside Media Group. All rights reserved.",
    "Sign up for our morning newsletter to get the day's top local stories.",
    "This story has been updated with additional details.",
    "Share this article on Facebook, Twitter or by email.",
    "Follow our newsroom on social media for breaking updates.",
    "Watch the video above for the full report from our crew at the scene.",
    "Have a news tip? Send it to our tips desk any time of day.",
    "Content provided in partnership with our regional news network.",
    "Comments on this story have been closed.",
    "Download our free app for alerts on your phone.",
)

# words an editor might put in place of another
_SUBSTITUTES = ("reportedly", "local", "later", "officials", "nearby", "several", "early", "the")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DATE_WORD = re.compile(r"\b(" + "|".join(_WEEKDAYS + _MONTHS) + r")\b")
_DAY_NUMBER = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2})\b")


@dataclass(frozen=True, slots=True)
class Labelled:
    """A document with its gold story label."""

    doc: Document
    label: str


def make_document(text: str, name: str, origin: str, published: str | None = None) -> Document:
    """Build a Document the way the clean stage would hand it on (clean text = the text given)."""
    return Document(id=content_id(text), name=name, origin=origin, raw=text, text=text, published=published)


def wikiref_documents(shared: Path = SHARED) -> list[Labelled]:
    """WikiRef220: 220 undated articles; the topic is the file name without its number."""
    folder = shared / "eval" / "clustering" / "WikiRef220"
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_bytes().decode("cp1252", errors="replace").replace("\r\n", "\n")
        topic = re.sub(r"[ .(]*\d+\)?$", "", path.stem)
        out.append(Labelled(make_document(text, path.name, str(path)), topic))
    return out


def casualty_documents(shared: Path = SHARED, limit: int | None = None) -> list[Labelled]:
    """The gun-violence articles, labelled by incident, in file order (dates in ``dct``)."""
    path = shared / "eval" / "casualties" / "articles.jsonl"
    out = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if limit is not None and len(out) >= limit:
                break
            row = json.loads(line)
            doc = make_document(row["content"], row["doc_id"], f"{path}:{line_no}", row["dct"][:10] or None)
            out.append(Labelled(doc, row["incident_id"]))
    return out


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998), items = gold keys.

    Each item's precision is the share of its predicted cluster that shares its gold class, its
    recall the share of its gold class that landed in its predicted cluster; both are averaged.
    """
    items = list(gold)
    if not items:
        return 1.0, 1.0, 1.0
    pair_count: Counter[tuple[str, str]] = Counter((predicted[i], gold[i]) for i in items)
    cluster_size = Counter(predicted[i] for i in items)
    class_size = Counter(gold[i] for i in items)
    precision = sum(pair_count[(predicted[i], gold[i])] / cluster_size[predicted[i]] for i in items) / len(
        items
    )
    recall = sum(pair_count[(predicted[i], gold[i])] / class_size[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def plant_copy(text: str, rng: random.Random) -> str:
    """A near-copy of ``text``: other boilerplate lines, shifted dates, a few words swapped or cut."""
    lines = text.split("\n")
    # a republisher drops the source's own header/footer line when it is short boilerplate-like
    if len(lines) > 3 and len(lines[0].split()) <= 12:
        lines = lines[1:]
    if len(lines) > 3 and len(lines[-1].split()) <= 12:
        lines = lines[:-1]
    extra = rng.sample(BOILERPLATE_LINES, 2)
    lines = [extra[0], *lines, extra[1]]
    body = "\n".join(lines)
    body = _DATE_WORD.sub(lambda m: _shift_name(m.group(1), rng), body, count=2)
    body = _DAY_NUMBER.sub(lambda m: f"{m.group(1)} {int(m.group(2)) % 28 + 1}", body, count=1)
    words = body.split(" ")
    # about one edit per 50 words, 3 to 12: an editor's cuts, reorderings and word choices
    for _ in range(max(3, min(12, len(words) // 50))):
        if len(words) < 10:
            break
        i = rng.randrange(1, len(words) - 1)
        action = rng.random()
        if action < 0.4:
            del words[i]
        elif action < 0.7:
            words[i], words[i + 1] = words[i + 1], words[i]
        else:
            words[i] = rng.choice(_SUBSTITUTES)
    return " ".join(words)


def _shift_name(name: str, rng: random.Random) -> str:
    names = _WEEKDAYS if name in _WEEKDAYS else _MONTHS
    return names[(names.index(name) + rng.randrange(1, len(names))) % len(names)]


@dataclass(frozen=True, slots=True)
class PlantedCorpus:
    """Real articles plus planted near-copies; ``copy_of`` maps each copy's id to its source's id."""

    documents: list[Document]
    copy_of: dict[str, str]


def plant_copies(
    articles: Sequence[Document],
    copies: int,
    seed: int = 7,
    min_words: int = 100,
) -> PlantedCorpus:
    """Shuffle ``articles`` with ``copies`` near-copies of randomly chosen ones among them.

    Sources are drawn from articles of at least ``min_words`` words (a copy of a 30-word stub
    with two new boilerplate lines is barely the same text).
    """
    rng = random.Random(seed)
    eligible = [doc for doc in articles if len(doc.text.split()) >= min_words]
    if copies > len(eligible):
        raise ValueError(
            f"asked for {copies} copies but only {len(eligible)} articles have >= {min_words} words"
        )
    copy_of = {}
    planted = []
    for source in rng.sample(eligible, copies):
        text = plant_copy(source.text, rng)
        doc = make_document(text, f"copy-of-{source.name}", f"planted:{source.id}", source.published)
        copy_of[doc.id] = source.id
        planted.append(doc)
    documents = [*articles, *planted]
    rng.shuffle(documents)
    return PlantedCorpus(documents, copy_of)


def distinct_articles(docs: Iterable[Document], limit: int, max_jaccard: float = 0.2) -> list[Document]:
    """The first ``limit`` non-empty documents with no earlier kept one at exact Jaccard >= ``max_jaccard``.

    Real corpora hold their own near-copies (syndicated stories, the same sign-up page scraped
    from many sites); a haystack for planted copies must not, or real copies count as false links.
    Jaccard is exact, on the same word 5-gram shingles the index uses.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    sizes: list[int] = []
    out = []
    for doc in docs:
        grams = set(shingles(doc.text))
        if not grams:
            continue
        shared: Counter[int] = Counter(i for gram in grams for i in postings.get(gram, ()))
        if any(n / (len(grams) + sizes[i] - n) >= max_jaccard for i, n in shared.items()):
            continue
        for gram in grams:
            postings[gram].append(len(out))
        sizes.append(len(grams))
        out.append(doc)
        if len(out) >= limit:
            break
    return out


def synthetic_stream(articles: Sequence[Labelled], count: int, seed: int = 7) -> Iterator[Labelled]:
    """``count`` documents made by replaying real dated articles, for scale and memory runs.

    Pass 0 is the articles as they are (sorted by date); pass k replays them as near-copies
    (:func:`plant_copy`) dated k x 5 years later and labelled ``k:<story>``, so the stream stays in
    date order, every story stays a real one, and each pass repeats the last one's load.
    Documents are made lazily: the stream itself holds no more memory as it grows.
    """
    ordered = sorted(articles, key=lambda item: item.doc.published or "")
    made = 0
    for round_no in range(count // max(1, len(ordered)) + 1):
        rng = random.Random(seed * 1_000_003 + round_no)
        shift = dt.timedelta(days=round_no * 1826)
        for item in ordered:
            if made >= count:
                return
            made += 1
            if round_no == 0:
                yield item
                continue
            date = item.doc.published
            shifted = (dt.date.fromisoformat(date) + shift).isoformat() if date else None
            text = plant_copy(item.doc.text, rng) if item.doc.text.strip() else item.doc.text
            doc = make_document(
                f"{text}\n(pass {round_no})", f"{item.doc.name}#{round_no}", "synthetic", shifted
            )
            yield Labelled(doc, f"{round_no}:{item.label}")


def groups(assignment: Mapping[str, str]) -> dict[str, list[str]]:
    """Cluster id -> item ids, for printing."""
    out: dict[str, list[str]] = defaultdict(list)
    for item, cluster in assignment.items():
        out[cluster].append(item)
    return out
