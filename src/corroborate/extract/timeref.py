"""Find the date or period a figure refers to, resolved against the publication date when known.

Explicit dates ("Nov. 29, 2024", "on March 3"), months and years ("in October", "in 2024"),
relative expressions ("last week", "earlier this year", "on Monday") are recognised by pattern;
dateparser resolves them against the publication date. What cannot be resolved is kept as
written ("earlier in the year", "initial deployment"), so the timeline still shows it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import dateparser

__all__ = ["byline_date", "time_of"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|(?:in|since|by|until|through|during|from|between)\s+(?:early\s+|mid-?|late\s+)?{_MONTH}(?:\s+\d{{4}})?"
    rf"|(?:in|since|by|until|during)\s+(?:19|20)\d\d"
    rf"|(?:on|last|this|next|since)\s+{_DAY}"
    r"|(?:last|this|next|past|previous|coming)\s+(?:week|month|year|weekend|summer|winter|spring|autumn|fall)"
    r"|earlier\s+(?:this|in\s+the|that)\s+(?:week|month|year)"
    r"|later\s+(?:this|in\s+the)\s+(?:week|month|year)"
    r"|(?:yesterday|today|tonight|overnight)"
    r"|\d+\s+(?:days|weeks|months|years)\s+ago"
    r"|(?:in|over|within)\s+the\s+(?:past|last|next|coming)\s+(?:\w+\s+)?(?:days|weeks|months|years)"
    r"|as\s+early\s+as\s+" + _MONTH + r"(?:\s+or\s+" + _MONTH + r")?"
    r"|(?:initial|first|second|latest|previous)\s+deployment)\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^(?:in|on|since|by|until|through|during|from|between|as early as)\s+", re.IGNORECASE)
# expressions dateparser resolves well; periods and vague phrases are reported as written
_RESOLVABLE = re.compile(
    rf"{_MONTH}\s+\d|\d\s+{_MONTH}|{_DAY}|yesterday|today|\d+\s+\w+\s+ago|^(?:19|20)\d\d$", re.IGNORECASE
)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_ONLY = re.compile(rf"^(?:early\s+|mid-?|late\s+)?({_MONTH})(?:\s+((?:19|20)\d\d))?$", re.IGNORECASE)


def _month_only(core: str, base: datetime | None) -> str | None:
    """ "January" -> the most recent January on or before the publication date, as YYYY-MM."""
    m = _MONTH_ONLY.match(core.strip())
    if not m:
        return None
    month = _MONTHS.index(m.group(1)[:3].lower()) + 1
    if m.group(2):
        return f"{m.group(2)}-{month:02d}"
    if base is None:
        return None
    year = base.year if month <= base.month else base.year - 1
    return f"{year}-{month:02d}"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(core: str, base: datetime | None) -> str | None:
    """ "Monday" in a news story: the latest Monday on or before the publication day."""
    word = core.strip().lower()
    if base is None or word not in _WEEKDAYS:
        return None
    back = (base.weekday() - _WEEKDAYS.index(word)) % 7
    return (base - timedelta(days=back)).date().isoformat()


def _base(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:10])
    except ValueError:
        return None


def time_of(sentence: str, start: int, end: int, published: str | None) -> str | None:
    """The time the figure at ``sentence[start:end]`` refers to, or None if the sentence names none."""
    best: tuple[int, str] | None = None
    for m in _TIME.finditer(sentence):
        d = start - m.end() if m.end() <= start else m.start() - end if m.start() >= end else 0
        if best is None or d < best[0]:
            best = (d, m.group())
    if best is None:
        return None
    phrase = best[1]
    core = _PREFIX.sub("", phrase)
    month = _month_only(core, _base(published))
    if month:
        return month
    weekday = _weekday(core, _base(published))
    if weekday:
        return weekday
    if not _RESOLVABLE.search(core):
        return phrase.lower() if not re.search(_MONTH, phrase) else phrase
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    base = _base(published)
    if base is None and not re.search(r"(?:19|20)\d\d", core):
        return phrase  # relative to an unknown day: resolving against today would be wrong
    if base is not None:
        settings["RELATIVE_BASE"] = base
    try:
        when = dateparser.parse(core, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        when = None
    if when is None:
        return phrase
    if re.fullmatch(r"(?:19|20)\d\d", core):
        return core
    return when.date().isoformat()


_BYLINE_DATE = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d)"
)
_BYLINE_LINE = re.compile(r"\b(?:by|published|posted|updated|on)\b|\||\s[-–—]\s", re.IGNORECASE)


def byline_date(text: str, lines: int = 4) -> str | None:
    """A publication date in the byline of a plain-text article ("By X | March 4, 2025"), as ISO.

    Only the first few short lines are read, and only lines shaped like a byline or dateline,
    so a date inside the story is not taken for the publication date.
    """
    for line in text.splitlines()[:lines]:
        if len(line) > 160 or not _BYLINE_LINE.search(line):
            continue
        m = _BYLINE_DATE.search(line)
        if m:
            when = dateparser.parse(m.group(), languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
            if when is not None:
                return when.date().isoformat()
    return None
