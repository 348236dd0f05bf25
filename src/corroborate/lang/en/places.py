"""English place vocabulary that the gazetteer packages do not cover.

Compiled for corroborate: common short forms of country names in news copy, regions named
without an administrative word, and the administrative words that turn a name into a
sub-national region ("Kursk region", "Donetsk Oblast", "Cook County").
"""

from __future__ import annotations

#: Short or informal names -> canonical country/region name.
ALIASES = {
    "u.s.": "United States",
    "us": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "russian federation": "Russia",
    "the kremlin": "Russia",
    "dprk": "North Korea",
    "north korea": "North Korea",
    "south korea": "South Korea",
    "republic of korea": "South Korea",
    "rok": "South Korea",
    "uae": "United Arab Emirates",
    "drc": "DR Congo",
    "prc": "China",
    "mainland china": "China",
    "gaza": "Gaza",
    "gaza strip": "Gaza Strip",
    "west bank": "West Bank",
    "donbas": "Donbas",
    "donbass": "Donbas",
    "crimea": "Crimea",
    "kashmir": "Kashmir",
    "darfur": "Darfur",
    "siberia": "Siberia",
    "korean peninsula": "Korean Peninsula",
    "indo-pacific": "Indo-Pacific",
    "middle east": "Middle East",
    "europe": "Europe",
    "asia": "Asia",
    "africa": "Africa",
    "eastern ukraine": "eastern Ukraine",
    "southern ukraine": "southern Ukraine",
    "northern ukraine": "northern Ukraine",
    "western ukraine": "western Ukraine",
    "taiwan": "Taiwan",
    "kosovo": "Kosovo",
    "palestine": "Palestine",
    "kyiv": "Kyiv",
    "kiev": "Kyiv",
}

#: Words after a name that make it a sub-national region.
ADMIN_WORDS = (
    "region",
    "regions",
    "oblast",
    "oblasts",
    "province",
    "provinces",
    "state",
    "district",
    "governorate",
    "prefecture",
    "county",
    "krai",
    "kray",
    "territory",
    "republic",
    "canton",
    "municipality",
    "parish",
    "borough",
)

#: Capitalised words that are also gazetteer entries but almost always mean something else in
#: news copy ("Police said", "Mobile phones"). Kept out of the city list.
NOT_PLACES = frozenset(
    """
    police mobile of best hope march may june august university union justice college
    independence liberty unity progress ocean enterprise commerce industry nice bath reading
    salt split kill male mary president white house deal page wedding
    """.split()
)

#: Prepositions that make a place the location of a figure ("troops in Kursk"); "to" names a
#: destination or recipient ("send troops to Russia") and is left out.
LOCATION_PREPOSITIONS = frozenset("in into at near inside across throughout within along around".split())
