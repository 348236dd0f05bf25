"""English vocabulary for grouping claims into figures: who acts, which place, which period.

Written by hand for corroborate from the seed corpus (North Korean troops in Russia) and from the
casualty articles of ``eval/casualties``; English only. The lists are deliberately short: a
word missing here leaves a field unknown, which the grouping handles, while a wrong word here
would merge figures that measure different things.
"""

from __future__ import annotations

#: Countries whose forces, governments or people are counted in war reporting, each with the
#: words that name it as an actor: the country, its demonym (singular and plural), short forms,
#: and a capital or seat of government only where news copy uses it for the state ("Pyongyang
#: is poised to send"); capitals that are mostly just places (Washington, London, Paris) are
#: left out. Covers the belligerents and the states cited around them in the seed corpus and in
#: wire copy on the wars in Ukraine and the Middle East. Case matters: "US", not "us".
ACTORS: dict[str, tuple[str, ...]] = {
    "North Korea": ("North Korea", "North Korean", "North Koreans", "DPRK", "Pyongyang"),
    "South Korea": ("South Korea", "South Korean", "South Koreans", "Seoul", "Republic of Korea"),
    "Russia": ("Russia", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation"),
    "Ukraine": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev"),
    "Belarus": ("Belarus", "Belarusian", "Belarusians"),
    "China": ("China", "Chinese", "Beijing"),
    "Iran": ("Iran", "Iranian", "Iranians", "Tehran"),
    "United States": ("United States", "U.S.", "US", "USA", "Pentagon"),
    "United Kingdom": ("United Kingdom", "British", "Britain", "UK", "U.K."),
    "Israel": ("Israel", "Israeli", "Israelis"),
    "Syria": ("Syria", "Syrian", "Syrians"),
    "Turkey": ("Turkey", "Turkish", "Türkiye"),
    "Poland": ("Poland", "Polish"),
    "Germany": ("Germany", "German", "Germans"),
    "France": ("France", "French"),
    "Japan": ("Japan", "Japanese"),
    "India": ("India", "Indian", "Indians"),
    "Yemen": ("Yemen", "Yemeni", "Yemenis", "Houthi", "Houthis"),
    "Lebanon": ("Lebanon", "Lebanese", "Hezbollah"),
    "Palestine": ("Palestinian", "Palestinians", "Hamas"),
    "Sudan": ("Sudan", "Sudanese"),
}

#: Administrative words dropped from a place when comparing: "Kursk region", "Kursk Oblast" and
#: "Kursk" name one place in war reporting. "state", "county" and "district" are kept, because
#: "New York State" and "New York" (the city) are not one place.
REGION_WORDS = frozenset(
    "region regions oblast oblasts province provinces krai kray governorate governorates prefecture"
    " area".split()
)

#: Words before a place that do not change it.
PLACE_DETERMINERS = frozenset("the".split())

#: Phrases in a claim's sentence that make its figure a running total ("so far", "in all",
#: "since October", "since Friday") rather than the size of one event or one deployment; a
#: regex, matched case-insensitively on whole words. "since" counts only before a time ("since
#: he arrived" is no total).
CUMULATIVE_PATTERN = (
    r"\b(?:in\s+total|total(?:s|led|ling|ed|ing)?|so\s+far|in\s+all|to\s+date|altogether|cumulative"
    r"|since\s+(?:the\s+(?:start|beginning|outbreak|invasion|war)|(?:january|february|march|april|may|june"
    r"|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday)|(?:19|20)\d\d|last\s+\w+|then)"
    # roundups: one figure summing several events ("in separate shootings across the city")
    r"|separate\s+(?:shootings|incidents|attacks)|(?:shootings|incidents|attacks)\s+(?:across|around|citywide)"
    r"|across\s+the\s+(?:city|country|state|nation)|citywide|nationwide"
    r"|(?:over|during)\s+the\s+(?:weekend|holiday)|(?:this|last)\s+(?:weekend|year)|violent\s+weekend)\b"
)

#: Every match of CUMULATIVE_PATTERN contains one of these (lower case): a cheap test first.
CUMULATIVE_HINTS = (
    "total",
    "so far",
    "in all",
    "to date",
    "altogether",
    "cumulative",
    "since",
    "separate ",
    "across the",
    "citywide",
    "nationwide",
    "weekend",
    "holiday",
    "this year",
    "last year",
    "s across",
    "s around",
)

#: Time phrases the extractor leaves unresolved that still fix a year relative to the article's
#: publication date: phrase -> years after the publication year.
RELATIVE_YEARS = {
    "last year": -1,
    "a year ago": -1,
    "this year": 0,
    "earlier this year": 0,
    "earlier in the year": 0,
    "later this year": 0,
    "next year": 1,
}

#: A line naming the outlet an article was copied from ("Original Source: example.com"), so the
#: copy and its original count as one origin. Seen in syndicated re-posts in the seed corpus.
ORIGINAL_SOURCE_PATTERN = (
    r"(?im)^\s*(?:original\s+source|source\s+link|originally\s+published\s+(?:at|by|on))\s*:\s*(\S+)"
)
