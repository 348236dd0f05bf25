"""Cut boilerplate out of a document's raw text, keeping every cut inspectable as a Removal.

Scraped articles carry site furniture between and after their paragraphs: inserted links to
other stories, ad markers, share bars, author boxes, comment forms, photo captions. The rules
work on whole lines (a scraper puts each piece of furniture on its own line), in two passes:

1. block rules, where a heading decides what follows: a "Related Posts" heading takes the
   headlines and teasers after it, "Table of Contents" the entries that recur later as
   headings, "About <Name>" the bio paragraph under it, a run of video-playlist entries;
2. line rules from ``corroborate.lang.en.boilerplate``, then lines the site repeats across
   documents (``site_lines``), then author bios trailing at the very end.

The clean text is the kept lines in order, one ``\\n`` between lines and one blank line where
the raw text had a paragraph break, so later stages can still split on line structure.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass

from corroborate.clean.site_repeats import normalise_line
from corroborate.config import Config
from corroborate.lang.en import boilerplate as en
from corroborate.records import Document, Removal

__all__ = ["clean_document", "clean_text", "line_rule"]

# Word limits that separate furniture from prose. A link or teaser is a headline (<= 30 words);
# a caption rarely passes 120 words; contact and credit lines are a handful of words.
_MAX_LEAD_IN_WORDS = 30
_MAX_TEASER_WORDS = 80
_MAX_HEADLINE_WORDS = 20
_MAX_CAPTION_WORDS = 120
_MAX_CREDIT_WORDS = 12
_MAX_CTA_WORDS = 40
_MAX_NOTICE_WORDS = 80
_MAX_BIO_WORDS = 150
_MAX_TOC_ENTRY_WORDS = 15

# Furniture that sits between the teasers of a related-links block and belongs to the block.
_INSIDE_RELATED = frozenset({None, "related_link", "advertisement", "punctuation", "page_chrome", "caption"})

_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the raw text: its stripped content and that content's span in the raw text."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def words(self) -> int:
        return len(self.text.split())


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for piece in raw.split("\n"):
        stripped = piece.strip()
        start = offset + (piece.find(stripped) if stripped else 0)
        lines.append(_Line(start, start + len(stripped), stripped))
        offset += len(piece) + 1
    return lines


def _is_caption(text: str, words: int) -> bool:
    if words <= _MAX_CREDIT_WORDS and en.CAPTION_CREDIT_ONLY.match(text):
        return True
    if words > _MAX_CAPTION_WORDS:
        return False
    if en.CAPTION_START.match(text) or en.CAPTION_CREDIT_END.search(text):
        return True
    return bool(en.CAPTION_AGENCY_END.search(text)) and not en.REPORTING_VERB.search(text)


def _is_contact(text: str, words: int) -> bool:
    """A line of addresses, handles or phone numbers, with at most a name besides them."""
    if (
        words > 15
        or len(text) > 300
        or not (en.EMAIL.search(text) or en.HANDLE.search(text) or en.PHONE.search(text))
    ):
        return False
    rest = en.PHONE.sub(" ", en.HANDLE.sub(" ", en.EMAIL.sub(" ", text)))
    rest_words = en.CONTACT_FILLER.sub(" ", rest).split()
    return len(rest_words) <= 4 and all(word[:1].isupper() for word in rest_words)


def _is_lead_in_link(text: str) -> bool:
    """True for a lead-in link such as "KEEP READING: <headline>": lead-in, separator, headline."""
    match = en.LEAD_IN_PREFIX.match(text)
    if match is None or len(match["rest"].split()) > _MAX_LEAD_IN_WORDS:
        return False
    if match["sep"].strip():
        return True
    prefix = match["prefix"]
    return prefix.isupper() and prefix.lower().replace("’", "'") in en.LEAD_IN_SPACE_OK


def _label_list_item(lines: list[_Line], k: int) -> bool:
    """True when an ambiguous lead-in ("Video: ...") on line ``k`` is a label in a list, not a link.

    Among other "Label: value" lines (a phone's spec sheet) it labels a value.
    """
    match = en.LEAD_IN_PREFIX.match(lines[k].text)
    if match is None or match["prefix"].lower() not in en.LEAD_IN_AMBIGUOUS:
        return False
    for n in (_previous_nonblank(lines, k - 1), _next_nonblank(lines, k + 1)):
        if (
            n is not None
            and en.LABELLED_LINE.match(lines[n].text)
            and not en.LEAD_IN_PREFIX.match(lines[n].text)
        ):
            return True
    return False


def line_rule(text: str, site: str | None = None) -> str | None:
    """Which boilerplate rule a single stripped line falls under, or None for article text."""
    if not text:
        return None
    if not _WORD.search(text):
        return "punctuation"
    words = len(text.split())
    if en.SOURCE_CREDIT.match(text):
        return "source_credit"
    if en.ADVERTISEMENT.match(text):
        return "advertisement"
    if en.READ_MORE_ALONE.match(text) or _is_lead_in_link(text):
        return "related_link"
    if words <= _MAX_TEASER_WORDS and en.READ_MORE_END.search(text):
        return "related_link"
    if en.AUTHOR_LINK.match(text):
        return "author_link"
    if en.COMMENT_FORM.match(text):
        return "comment_form"
    if en.SHARE_BAR.match(text) or (words <= _MAX_CTA_WORDS and en.CALL_TO_ACTION.match(text)):
        return "share_subscribe"
    if words <= _MAX_NOTICE_WORDS and en.COOKIE_NOTICE.search(text):
        return "cookie_notice"
    if words <= _MAX_NOTICE_WORDS and en.COPYRIGHT.search(text):
        return "copyright"
    if _is_caption(text, words):
        return "caption"
    if en.TAGS_LINE.match(text):
        return "tags"
    if en.PAGE_CHROME.match(text) or en.SIGN_IN_AND_PAYWALL.match(text):
        return "page_chrome"
    if en.URL_ONLY.match(text):
        return "bare_url"
    if (len(text) <= 100 and en.SITE_DOMAIN.match(text)) or (
        site and normalise_line(text) == normalise_line(site)
    ):
        return "site_name"
    if _is_contact(text, words):
        return "contact"
    return None


def _next_nonblank(lines: list[_Line], index: int) -> int | None:
    for k in range(index, len(lines)):
        if not lines[k].blank:
            return k
    return None


def _previous_nonblank(lines: list[_Line], index: int) -> int | None:
    for k in range(index, -1, -1):
        if not lines[k].blank:
            return k
    return None


def _related_block(lines: list[_Line], head: int, rules: list[str | None]) -> int:
    """Index of the last line of the related-links block opened by the heading at ``head``."""
    last = head
    for k in range(head + 1, len(lines)):
        line = lines[k]
        if line.blank:
            continue
        text, words = line.text, line.words
        if rules[k] not in _INSIDE_RELATED or en.ABOUT_HEADING.match(text) or en.TOC_HEADING.match(text):
            break  # furniture of another kind keeps its own rule (a source credit stays readable)
        teaser = words <= _MAX_TEASER_WORDS and bool(en.TEASER_END.search(text))
        headline = words <= _MAX_HEADLINE_WORDS and not text.endswith((".", ",", ";", ":"))
        if rules[k] is not None or teaser or headline or en.TEASER_META.match(text):
            last = k
            continue
        break
    return last


def _toc_block(lines: list[_Line], head: int, later: dict[str, list[int]]) -> int:
    """Index of the last table-of-contents entry after the heading at ``head``.

    An entry counts only when the same words come back later as a heading, which is what a
    table of contents is; article headings right after the box are not entries.
    """
    last = head
    for k in range(head + 1, len(lines)):
        line = lines[k]
        if line.blank:
            continue
        if line.words > _MAX_TOC_ENTRY_WORDS or max(later.get(_toc_key(line.text), [-1])) <= k:
            break
        last = k
    return last


def _toc_key(text: str) -> str:
    return normalise_line(en.TOC_NUMBERING.sub("", text))


def _bio_paragraph(lines: list[_Line], head: int, name: str | None) -> int | None:
    """Index of the bio paragraph under an "About <Name>" heading, when it reads like one."""
    k = _next_nonblank(lines, head + 1)
    if k is None or lines[k].words > _MAX_BIO_WORDS:
        return None
    text = lines[k].text
    if not (en.BIO_ROLE.search(text) or en.BIO_LIFE.search(text)):
        return None
    first_word = text.split()[0]
    if name and first_word not in name.split() and first_word not in en.BIO_PRONOUNS:
        return None
    return k


def _block_rules(lines: list[_Line], rules: list[str | None]) -> list[tuple[int, int, str]]:
    """Blocks of lines that a heading (or a run of entries) marks as furniture: (first, last, rule)."""
    later: dict[str, list[int]] = defaultdict(list)
    for k, line in enumerate(lines):
        if not line.blank:
            later[_toc_key(line.text)].append(k)
    blocks: list[tuple[int, int, str]] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        end: int | None = None
        rule = ""
        if line.blank:
            k += 1
            continue
        if line.words <= 10 and en.RELATED_HEADING.match(line.text):
            end, rule = _related_block(lines, k, rules), "related_block"
        elif line.words <= 6 and en.TOC_HEADING.match(line.text):
            end, rule = _toc_block(lines, k, later), "toc"
        elif line.words <= 7 and (about := en.ABOUT_HEADING.match(line.text)):
            bio = _bio_paragraph(lines, k, about["name"])
            if bio is not None:
                end, rule = bio, "author_bio"
        elif en.VIDEO_PLAYLIST_ITEM.match(line.text):
            run = k
            while (nxt := _next_nonblank(lines, run + 1)) is not None and en.VIDEO_PLAYLIST_ITEM.match(
                lines[nxt].text
            ):
                run = nxt
            if run > k:
                end, rule = run, "video_playlist"
        if end is None:
            k += 1
            continue
        blocks.append((k, end, rule))
        k = end + 1
    return blocks


def _trailing_bios(lines: list[_Line], taken: dict[int, str]) -> list[int]:
    """Author-bio paragraphs at the very end: only furniture or other bios follow them."""
    found: list[int] = []
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        if line.blank or k in taken:
            continue
        if (
            line.words <= _MAX_BIO_WORDS
            and en.BIO_START.match(line.text)
            and en.BIO_ROLE.search(line.text[:300])
        ):
            found.append(k)
            continue
        break
    return found


def _removals(
    doc_id: str, raw: str, lines: list[_Line], spans: list[tuple[int, int, str]]
) -> tuple[Removal, ...]:
    out = []
    for first, last, rule in sorted(spans):
        start, end = lines[first].start, lines[last].end
        out.append(Removal(doc_id, start, end, rule, raw[start:end]))
    return tuple(out)


def _assemble(lines: list[_Line], removed: set[int]) -> str:
    """Kept lines joined by one newline, or a blank line where a paragraph break fell between them."""
    parts: list[str] = []
    gap = False
    for k, line in enumerate(lines):
        if line.blank:
            gap = True
            continue
        if k in removed:
            continue
        if parts:
            parts.append("\n\n" if gap else "\n")
        parts.append(line.text)
        gap = False
    return "".join(parts)


def clean_text(doc: Document, site_lines: frozenset[str] = frozenset()) -> tuple[str, tuple[Removal, ...]]:
    """The clean text of ``doc.raw`` and the Removals that account for everything cut from it."""
    lines = _split_lines(doc.raw)
    rules = [line_rule(line.text, doc.site) for line in lines]
    for k, rule in enumerate(rules):
        if rule == "related_link" and _label_list_item(lines, k):
            rules[k] = None
    taken: dict[int, str] = {}
    spans: list[tuple[int, int, str]] = []
    for first, last, rule in _block_rules(lines, rules):
        spans.append((first, last, rule))
        taken.update({k: rule for k in range(first, last + 1)})
    for k, rule in enumerate(rules):
        if k in taken or lines[k].blank:
            continue
        if rule is None and site_lines and normalise_line(lines[k].text) in site_lines:
            rule = "site_repeat"
        if rule is not None:
            taken[k] = rule
            spans.append((k, k, rule))
    for k in _trailing_bios(lines, taken):
        taken[k] = "author_bio"
        spans.append((k, k, "author_bio"))
    return _assemble(lines, set(taken)), _removals(doc.id, doc.raw, lines, spans)


def clean_document(doc: Document, config: Config, site_lines: frozenset[str] = frozenset()) -> Document:
    """Fill ``doc.text`` with its article text and ``doc.removed`` with what was cut, and why.

    ``site_lines`` are normalised lines this document's site repeats across its articles
    (``corroborate.clean.site_repeats.repeated_lines``); they go as rule ``site_repeat``.
    ``config`` is taken for the stage signature; the rules are English (``config.language``).
    """
    text, removed = clean_text(doc, site_lines)
    return dataclasses.replace(doc, text=text, removed=removed)
