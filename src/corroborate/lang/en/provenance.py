"""English provenance cues: how an article says where its text or its facts came from.

Written by hand for corroborate's provenance stage (``provenance/cues.py``) from newsroom
conventions (AP and Reuters datelines, credit and copyright lines, "told the BBC"), from the
"Original Source: ..." line AI-summary sites append (seed 001 under ../shared/corpus/seeds), and
from the cues counted in the 3,054 US local news articles under ../shared/eval/casualties: 77
"(AP) -" datelines, ~380 local-TV call-sign datelines ("INDIANAPOLIS (WISH) --"), 46 "Copyright
... The Associated Press" lines, "The Associated Press contributed to this report" (14), "told
NBC News", "according to the Chicago Tribune", "via AP" (mostly photo credits). English only.
"""

from __future__ import annotations

__all__ = [
    "ATTRIBUTION_PATTERNS",
    "ATTRIBUTION_PHRASES",
    "COPYRIGHT_PATTERN",
    "CREDIT_PATTERNS",
    "CREDIT_PHRASES",
    "CUE_REMOVAL_RULES",
    "DATELINE_PATTERN",
    "NAME_BEFORE",
    "NOT_OUTLETS",
    "ORIGINAL_SOURCE_PATTERNS",
    "OUTLETS",
    "OUTLET_HEAD_WORDS",
    "PHOTO_WORDS",
    "REUTERS_CREDIT_PATTERN",
    "SECOND_LEVEL_SUFFIXES",
    "UNNAMED_SOURCE_WORDS",
    "WIRE_SERVICES",
]

# A name as cues write it: "the BBC", "Yonhap", "The Atlanta Journal-Constitution", "NBC10",
# "WSB-TV", "KOIN 6 News", "m.economictimes.com". Capitalised words (digits allowed after the
# first), joined by spaces, "of", "&" or "-"; or a domain. A full stop ends it ("The Associated
# Press. All rights reserved."), except in "St." ("St. Louis Post-Dispatch").
_NAME = (
    r"(?:[A-Za-z0-9][\w-]*\.)+(?:com|org|net|news|tv|co\.uk|co\.kr|co\.in|com\.au|io|info|us|uk|kr|ru|ua|de|fr|in)\b"
    r"|(?:[Tt]he[ \t]+)?(?:St\.|[A-Z][\w&’'-]*)(?:[ \t]+(?:of[ \t]+|&[ \t]+)?(?:[A-Z][\w&’'-]*|\d{1,3}\b))*"
)

# Each pattern below comes with a keyword: a lower-case literal the text must contain for the
# pattern to be tried at all (most articles have none of them, and a regex scan costs more).

#: "This text is a summary/copy of X": the strongest derivation cue. Group ``name`` is the outlet.
ORIGINAL_SOURCE_PATTERNS = (
    ("original source", r"(?m)^\W*(?i:original\s+source)\s*:\s*(?P<name>\S+(?:[ \t]+\S+){0,5}?)[ \t]*$"),
    (
        "originally",
        rf"(?i:\boriginally\s+(?:published|appeared|posted)\s+(?:on|in|at|by))\s+(?P<name>{_NAME})",
    ),
    (
        "appeared",
        rf"(?i:\b(?:this|the)\s+(?:article|story|report|post)\s+(?:first|originally)\s+appeared\s+"
        rf"(?:on|in|at))\s+(?P<name>{_NAME})",
    ),
    (
        "read ",
        rf"(?m)^\W*(?i:read\s+more|read\s+the\s+full\s+(?:story|article))\s*(?i:at|on|:)\s*"
        rf"(?P<name>{_NAME})\.?[ \t]*$",
    ),
)

#: A dateline naming whose copy the text is: "SEOUL (Yonhap) --", "MESA, Ariz. (AP) —",
#: "INDIANAPOLIS (WISH) —". Within the first lines only (see cues.DATELINE_LINES).
DATELINE_PATTERN = (
    "(",
    r"(?m)^[^\n()]{0,80}?\((?P<name>[A-Z][A-Za-z0-9.&/ -]{0,30}?)\)\s*(?:[-—–]{1,2}|:)\s",
)

#: Bylines and source lines crediting another outlet's copy: "By Jane Roe, Associated Press",
#: "(Source: Sun-Times Media Wire © ...)".
CREDIT_PATTERNS = (
    ("source", rf"(?m)^\W*(?i:source)\s*:\s*(?P<name>{_NAME})"),
    (
        "by ",
        rf"(?m)^\W*(?i:by)\s+[A-Z][\w.’'-]+(?:[ \t]+[A-Z][\w.’'-]+){{0,3}}[ \t]*(?:,|\||of|for)[ \t]+"
        rf"(?P<name>{_NAME})[ \t]*$",
    ),
)

#: Cues whose outlet comes *before* a fixed phrase: the phrase is searched for, and the outlet
#: read back from the words before it with NAME_BEFORE (cheaper than trying a name at every
#: capital). "The Associated Press contributed to this report", "Houston Chronicle reporter Jane
#: Roe contributed reporting" (credits); "the Chicago Tribune reported", "CNN first reported".
CREDIT_PHRASES = ("contributed", r"\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)\b")
ATTRIBUTION_PHRASES = ("reported", r"\b(?:first\s+|previously\s+|earlier\s+|also\s+)?reported\b")
NAME_BEFORE = (
    rf"(?P<name>{_NAME})(?:[ \t]+(?:staff[ \t]+)?(?:reporter|writer|correspondent|photographer)s?"
    rf"(?:[ \t]+[A-Z][\w.’'-]*)+)?[ \t]+$"
)

#: Copyright lines: they name the publisher or its owner, so only a wire service named in one
#: is a cue ("Copyright 2017 The Associated Press. All rights reserved.").
COPYRIGHT_PATTERN = (
    "copyright",
    rf"(?:(?i:copyright)\s*(?:\(c\)\s*|©\s*)?|©\s*)(?:\d{{4}}\s*)?(?P<name>{_NAME})",
)

#: Reuters' closing line names no outlet but is Reuters' own: "(Reporting by X; Editing by Y)".
REUTERS_CREDIT_PATTERN = (
    "editing",
    r"(?i)\(\s*(?:additional\s+)?reporting\s+by\s+[^;)\n]{2,80};[^)\n]*editing\s+by",
)

#: Cues that cite an outlet for a fact, not for the text: "according to Yonhap", "told the
#: BBC", "CNN reported", "as first reported by Axios", "via X", "citing X".
ATTRIBUTION_PATTERNS = (
    ("according", rf"\baccording\s+to\s+(?:a\s+report\s+(?:by|from|in)\s+)?(?P<name>{_NAME})"),
    ("told", rf"\btold\s+(?P<name>{_NAME})"),
    (
        "interview",
        rf"\b(?:in\s+an?\s+interview\s+with|said\s+in\s+an?\s+interview\s+(?:with|to))\s+(?P<name>{_NAME})",
    ),
    ("speaking", rf"\bspeaking\s+to\s+(?P<name>{_NAME})"),
    ("reported", rf"\breported\s+(?:by|in)\s+(?P<name>{_NAME})"),
    ("citing", rf"\bciting\s+(?P<name>{_NAME})"),
    ("via", rf"\bvia\s+(?P<name>{_NAME})"),
)

#: Words that, just before "via X" or inside a dateline's brackets, make it a picture credit.
PHOTO_WORDS = frozenset(
    "photo photos image images picture pictures video videos screenshot courtesy file".split()
)

#: Last words of outlet names: a cue naming "X News", "X Times", "X-TV" names an outlet.
#: Drawn from the outlets named in the casualty set and the seed corpus, plus common mastheads.
OUTLET_HEAD_WORDS = frozenset(
    """
    news times post journal herald tribune gazette press telegraph guardian wire newswire
    chronicle daily radio tv television broadcasting broadcaster magazine
    newspaper mail express star sun register courier dispatch inquirer bulletin
    insider channel newsweek sentinel constitution enquirer
    statesman mirror monitor globe ledger picayune
    """.split()
)

#: Capitalised words a cue may capture that name no outlet (persons' titles, police, places
#: named in "according to" are filtered by the outlet test; these slip through the shape test).
NOT_OUTLETS = frozenset(
    """
    photo photos file video police officials authorities witnesses neighbors neighbours he she they
    it we i you his her their getty shutterstock youtube facebook twitter
    instagram tiktok rss storyful gofundme the a an this that who
    """.split()
)

#: Boilerplate the clean stage cut that may still hold a cue (its rule names, see
#: clean/boilerplate.py): credit and copyright lines and bylines. Captions ("Photo via AP"),
#: related-link lists (other stories' headlines) and author bios ("a staff writer for ...") are
#: not about where this text came from.
CUE_REMOVAL_RULES = frozenset({"source_credit", "copyright", "author_link"})

#: Wire services and agencies: the outlets whose copy other outlets carry. Canonical display
#: name -> spellings (lower case, words only; domains are matched by their registrable label).
WIRE_SERVICES: dict[str, tuple[str, ...]] = {
    "The Associated Press": ("associated press", "ap", "the associated press", "apnews", "ap news"),
    "Reuters": ("reuters", "thomson reuters"),
    "AFP": ("afp", "agence france presse", "agence france-presse", "agence france press"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "Yonhap": ("yonhap", "yonhap news agency", "yna"),
    "Kyodo": ("kyodo", "kyodo news"),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "TASS": ("tass", "itar tass"),
    "RIA Novosti": ("ria novosti", "ria news"),
    "Interfax": ("interfax", "interfax ukraine"),
    "Ukrinform": ("ukrinform",),
    "UNIAN": ("unian",),
    "KCNA": ("kcna", "korean central news agency"),
    "dpa": ("dpa", "deutsche presse agentur"),
    "EFE": ("efe",),
    "ANSA": ("ansa",),
    "PTI": ("pti", "press trust of india"),
    "ANI": ("ani", "asian news international"),
    "UPI": ("upi", "united press international"),
    "CNN Wire": ("cnn wire", "cnn newsource"),
    "Tribune News Service": ("tribune news service",),
    "Sun-Times Media Wire": ("sun times media wire", "stmw"),
}

#: Other outlets with several spellings (names and sites) that must merge into one.
OUTLETS: dict[str, tuple[str, ...]] = {
    "BBC": ("bbc", "bbc news", "bbc world service", "bbc co uk"),
    "CNN": ("cnn",),
    "NBC News": ("nbc news", "nbcnews"),
    "CBS News": ("cbs news", "cbsnews"),
    "ABC News": ("abc news", "abcnews go"),
    "Fox News": ("fox news", "foxnews"),
    "The New York Times": ("new york times", "nytimes", "nyt"),
    "The Washington Post": ("washington post", "washingtonpost"),
    "The Wall Street Journal": ("wall street journal", "wsj"),
    "The Economic Times": ("economic times", "economictimes", "economic times online"),
    "The Guardian": ("guardian", "theguardian"),
    "Financial Times": ("financial times", "ft"),
    "The Kyiv Independent": ("kyiv independent", "kyivindependent"),
    "Ukrainska Pravda": ("ukrainska pravda", "pravda com ua"),
    "NK News": ("nk news", "nknews"),
    "The Korea Herald": ("korea herald", "koreaherald"),
    "Korea JoongAng Daily": ("korea joongang daily", "joongang daily", "koreajoongangdaily"),
    "The Korea Times": ("korea times", "koreatimes"),
    "Daily Mail": ("daily mail", "daily mail online", "dailymail"),
    "Chicago Tribune": ("chicago tribune", "chicagotribune"),
    "Politico": ("politico",),
    "Axios": ("axios",),
    "Newsweek": ("newsweek",),
    "Al Jazeera": ("al jazeera", "aljazeera"),
}

#: Public suffixes of two labels, so "bbc.co.uk" is BBC's site and not "co"'s.
SECOND_LEVEL_SUFFIXES = frozenset(
    """
    co.uk org.uk ac.uk gov.uk me.uk co.kr or.kr go.kr co.jp or.jp ne.jp co.in net.in org.in com.au net.au
    org.au com.br com.cn com.ua in.ua org.ua com.ru co.nz co.za com.sg com.tr com.mx com.ar
    """.split()
)

#: Words that on their own name nobody: a claim "according to reports" or "some analysts" could
#: repeat any named source's figure, so provenance treats such sources as unknown, not different.
#: Written for the seed corpus ("Emerging reports", "multiple sources", "some analysts").
UNNAMED_SOURCE_WORDS = frozenset(
    """
    report reports reported reportedly media news some several multiple many various unconfirmed
    unnamed anonymous emerging recent new latest earlier initial source sources according to suggest
    suggests indicate indicates say says said claim claims the a an analyst analysts expert experts
    observer observers commentator commentators estimate estimates people person insider insiders
    familiar with matter situation other others
    """.split()
)
