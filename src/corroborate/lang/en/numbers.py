"""English vocabulary of the number grammar: number words, scales, bounds, units, non-quantities.

Written for corroborate from English number-writing conventions (AP and Reuters style for
figures, money and percentages; the spelled-number grammar of ordinary English) and from the
phrasings met in war and incident reporting. Phrases are lower case with single spaces unless a
list says it is case-sensitive; the extractor turns each space into "one or more spaces".
Everything here is data: ``corroborate.extract.numbers`` compiles it once.
"""

from __future__ import annotations

from types import MappingProxyType

# ---------------------------------------------------------------------------- spelled numbers
#: Number words and their values. Covers 0-90 and the teens; "nought"/"naught" are British zero.
UNITS = MappingProxyType(
    {
        "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
        "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    }
)  # fmt: skip
TEENS = MappingProxyType(
    {
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    }
)  # fmt: skip
TENS = MappingProxyType(
    {
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90,
    }
)  # fmt: skip
HUNDRED_WORDS = ("hundred",)

#: Scale words that multiply what precedes them ("1.28 million", "three lakh crore").
#: lakh/crore are the Indian-English scales (1e5, 1e7) used by South Asian outlets.
SCALES = MappingProxyType(
    {"thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12}
)

#: "a dozen" is 12; "dz"/"doz" are the shop abbreviations.
DOZEN_WORDS = ("dozen", "dozens", "dz", "dzs", "doz", "dozs")

#: Fractions that combine with scales: "half a million", "one and a half million",
#: "a quarter million", "five billion and three quarters". Other fractions are out of scope
#: (docs/number-scope.md): news states proportions as percentages.
FRACTION_WORDS = MappingProxyType({"half": 0.5, "quarter": 0.25, "quarters": 0.25})

#: Scale abbreviations written right after digits ("10k", "$5m", "US$2bn", "10 bln").
#: Case-sensitive. ``any``: always a scale. ``money``: only after a currency sign or code, since
#: "5m" is five metres and "4B" a flat number. ``money_or_decimal``: also after a decimal
#: ("1.2b"). ``never``: "10G" is a network generation or a gigabyte, not ten billion.
SCALE_ABBREVIATIONS = MappingProxyType(
    {
        "k": (1e3, "any"), "K": (1e3, "any"),
        "M": (1e6, "any"), "MM": (1e6, "any"), "mn": (1e6, "any"), "mln": (1e6, "any"),
        "mil": (1e6, "any"), "m": (1e6, "money"),
        "bn": (1e9, "any"), "bln": (1e9, "any"), "b": (1e9, "money_or_decimal"),
        "B": (1e9, "money_or_decimal"),
        "tn": (1e12, "any"), "tln": (1e12, "any"), "trn": (1e12, "any"), "T": (1e12, "money"),
        "G": (1e9, "never"),
    }
)  # fmt: skip

# ------------------------------------------------------------------------------ vague amounts
#: Conventional lower bounds of vague amounts (no upper bound). "hundreds" means at least two
#: hundred in strict reading; news usage (and the gold file) takes the scale itself as the floor.
#: "several" and "a few" on their own are left out: they carry no figure a reader could check and
#: they drown the claims list ("several people were hurt"). With a scale they count:
#: "several thousand" and "a few hundred" take the scale as floor, like "thousands".
VAGUE_PLURALS = MappingProxyType(
    {
        "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
        "billions": 1e9, "trillions": 1e12,
    }
)  # fmt: skip
#: "tens of thousands" = 10 x 1e3 as floor; "hundreds of thousands" = 100 x 1e3; ...
VAGUE_MULTIPLES = MappingProxyType({"tens": 10, "dozens": 12, "hundreds": 100})
#: Words that make a singular scale vague: "several thousand", "a few hundred", "many thousand".
VAGUE_QUANTIFIERS = ("several", "a few", "a couple of", "a handful of", "many", "few")

# ----------------------------------------------------------------------------------- bounds
#: Words before a figure that make it an upper bound only: "up to 15,000" -> (None, 15000).
UPPER_PREFIXES = (
    "up to", "as many as", "as much as", "at most", "at the most", "no more than", "not more than",
    "no greater than", "not exceeding", "fewer than", "less than", "lower than", "smaller than",
    "under", "below", "maximum of", "a maximum of", "just under", "just below", "just shy of",
    "short of", "less or equal than", "smaller or equal than", "lower or equal than",
    "fewer or equal than", "less than or equal to", "fewer than or equal to",
    "smaller than or equal to", "lower than or equal to", "equal to or less than",
    "equal to or fewer than", "equal to or lower than", "equal to or smaller than",
)  # fmt: skip
#: Words before a figure that make it a lower bound only: "more than 10,000" -> (10000, None).
#: The bound is the number itself ("more than" is not read as +1).
LOWER_PREFIXES = (
    "more than", "over", "at least", "exceeding", "exceed", "exceeds", "exceeded", "in excess of",
    "upwards of", "upward of", "above", "greater than", "larger than", "bigger than",
    "higher than", "no less than", "no fewer than", "not less than", "not fewer than",
    "a minimum of", "minimum of", "at minimum", "at a minimum", "well over", "well above",
    "well in excess of", "just over", "just above", "surpass", "surpasses", "surpassed",
    "surpassing", "topping", "topped", "tops", "north of", "more or equal than",
    "greater or equal than", "bigger or equal than", "higher or equal than",
    "larger or equal than", "more than or equal to", "greater than or equal to",
    "at least or equal to", "equal to or more than", "equal to or greater than",
    "equal to or higher than", "equal to or larger than", "equal to or bigger than",
)  # fmt: skip
#: Words before a figure that mark it as approximate; bounds stay equal to the number.
#: "nearly" and "almost" are read as approximations, not as upper bounds.
APPROX_PREFIXES = (
    "about", "around", "some", "approximately", "approx.", "approx", "roughly", "nearly", "almost",
    "an estimated", "estimated", "estimated at", "close to", "circa", "~", "≈", "just about",
    "round about", "in the region of", "on the order of", "something like", "an approximate",
    "an average of", "on average",
)  # fmt: skip
#: Approximation words that still leave a bare four-digit number a year ("around 2015").
APPROX_KEEPING_YEARS = ("around", "circa", "about", "estimated at", "on average", "close to")
#: Words that open a range: "between 25,000 to 30,000", "from 11 to 12,000".
RANGE_OPENERS = ("between", "from", "anywhere from", "anywhere between", "somewhere between",
                 "ranging from", "in the range of")  # fmt: skip
#: Joiners of a range "X to Y". "and" only joins after "between".
RANGE_JOINERS = ("to", "through", "thru", "and")
RANGE_DASHES = "-–—~"

#: Suffixes after a figure: "10,000+", "10,000-plus", "10,000 or more", "500 or fewer", "or so".
LOWER_SUFFIXES = ("or more", "and more", "or greater", "or above", "or higher", "or over",
                  "and above", "and over", "and up", "or larger", "plus")  # fmt: skip
UPPER_SUFFIXES = ("or less", "or fewer", "or below", "or lower", "or under", "and under",
                  "and below", "or smaller", "at most")  # fmt: skip
APPROX_SUFFIXES = ("or so", "or thereabouts", "odd")

# ------------------------------------------------------------------------------ multipliers
#: Words that state a factor, not a count: "tripling its support", "twice as many".
MULTIPLIER_WORDS = MappingProxyType(
    {
        "doubled": 2, "doubling": 2, "twice": 2, "tripled": 3, "tripling": 3, "thrice": 3,
        "quadrupled": 4, "quadrupling": 4,
    }
)  # fmt: skip
#: "double"/"triple" alone are mostly adjectives ("double agent"); they are factors only before
#: these words ("double the number", "triple its output").
MULTIPLIER_BARE = MappingProxyType({"double": 2, "triple": 3, "quadruple": 4})
MULTIPLIER_BARE_BEFORE = ("the", "its", "their", "that", "what")
#: After "N times": "three times as many", "five times more", "ten times the number".
TIMES_FOLLOWERS = (
    "as many", "as much", "as large", "as big", "as high", "as great", "as long", "as likely",
    "more", "larger", "bigger", "higher", "greater", "fewer", "less", "smaller", "the", "over",
)  # fmt: skip

# -------------------------------------------------------------------------------------- units
#: Percent markers after a figure. "percentage points" is kept as unit "percent" too.
PERCENT_WORDS = ("percent", "per cent", "pct", "percentage points", "percentage point", "%")

#: Currency signs and prefixes written before the figure, with their ISO 4217 codes.
#: "$" alone is read as US dollars, the default of English wire copy.
CURRENCY_SIGNS = MappingProxyType(
    {
        "$": "USD", "us$": "USD", "u.s.$": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD",
        "a$": "AUD", "au$": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL",
        "nt$": "TWD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY",
        "jpy": "JPY", "₩": "KRW", "krw": "KRW", "₽": "RUB", "rub": "RUB", "₹": "INR",
        "rs": "INR", "rs.": "INR", "inr": "INR", "₴": "UAH", "uah": "UAH", "₺": "TRY",
        "₪": "ILS", "₦": "NGN", "chf": "CHF", "cny": "CNY", "rmb": "CNY", "sek": "SEK",
        "nok": "NOK", "dkk": "DKK", "cad": "CAD", "aud": "AUD",
    }
)  # fmt: skip
#: ISO codes recognised after a figure ("2mil SEK", "500 EUR"); upper case only.
CURRENCY_CODES = (
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "KRW", "KPW", "RUB", "INR", "UAH", "CHF", "SEK",
    "NOK", "DKK", "CAD", "AUD", "NZD", "HKD", "SGD", "BRL", "TRY", "ILS", "ZAR", "NGN", "PLN",
    "MXN", "SAR", "AED", "IRR", "TWD",
)  # fmt: skip
#: Currency names after a figure ("5 million dollars", "2 billion won"). Plural and singular.
CURRENCY_WORDS = MappingProxyType(
    {
        "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
        "yuan": "CNY", "renminbi": "CNY", "won": "KRW", "ruble": "RUB", "rubles": "RUB",
        "rouble": "RUB", "roubles": "RUB", "rupee": "INR", "rupees": "INR", "hryvnia": "UAH",
        "hryvnias": "UAH", "hryvnas": "UAH", "franc": "CHF", "francs": "CHF", "lira": "TRY",
        "liras": "TRY", "shekel": "ILS", "shekels": "ILS", "rand": "ZAR", "naira": "NGN",
        "zloty": "PLN", "zlotys": "PLN", "riyal": "SAR", "riyals": "SAR", "dirham": "AED",
        "dirhams": "AED", "rial": "IRR", "rials": "IRR", "sterling": "GBP",
        "pounds sterling": "GBP", "pound": "GBP", "pounds": "GBP", "kronor": "SEK",
        "krona": "SEK", "bitcoin": "XBT",
    }
)  # fmt: skip
#: "pounds" is money only with a scale or a sterling cue; else it is a weight.
AMBIGUOUS_CURRENCY_WORDS = ("pound", "pounds")
#: Adjectives that pick another dollar: "Canadian dollars".
DOLLAR_COUNTRIES = MappingProxyType(
    {
        "us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
        "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD", "taiwan": "TWD",
        "taiwanese": "TWD",
    }
)  # fmt: skip

#: Units of measurement after a figure: a figure measuring a thing (a calibre, a distance, a
#: weight) is not a count and is dropped. Lower-case forms match any case; the case-sensitive
#: list holds short symbols that are ordinary words in another case ("M" is million).
MEASURE_UNITS = (
    "mm", "millimetre", "millimetres", "millimeter", "millimeters", "cm", "centimetre",
    "centimetres", "centimeter", "centimeters", "km", "kms", "kilometre", "kilometres",
    "kilometer", "kilometers", "metre", "metres", "meter", "meters", "mile", "miles", "ft", "feet",
    "foot", "inch", "inches", "yard", "yards", "yd", "yds", "kg", "kgs", "kilogram", "kilograms",
    "kilo", "kilos", "gram", "grams", "lb", "lbs", "ounce", "ounces", "oz", "ton", "tons", "tonne",
    "tonnes", "ml", "millilitre", "millilitres", "milliliter", "milliliters", "litre", "litres",
    "liter", "liters", "gallon", "gallons", "barrel", "barrels", "bpd", "mph", "kph", "km/h",
    "knots", "degree", "degrees", "°", "°c", "°f", "calibre", "caliber", "cal", "acre", "acres",
    "hectare", "hectares", "sq", "square", "mw", "gw", "kw", "kwh", "mwh", "gwh", "hz", "khz",
    "mhz", "ghz", "gb", "mb", "kb", "tb", "mah", "hp", "horsepower", "psi", "cc", "nm", "megawatt",
    "megawatts", "gigawatt", "gigawatts", "kilowatt", "kilowatts", "megaton", "megatons",
    "kiloton", "kilotons", "decibels", "db",
)  # fmt: skip
MEASURE_UNITS_CASED = ("m", "g", "l", "L")

# -------------------------------------------------------------------------- non-quantities
#: Month names and abbreviations: a number next to one is a day or a year. "May" and "March"
#: count only capitalised (the modal verb and the verb "march").
MONTHS = (
    "january", "february", "april", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
)  # fmt: skip
MONTHS_CASED = ("May", "March", "MAY", "MARCH")

#: Words before a number that make it a name or an identifier ("Article 5", "Flight 370",
#: "Chapter 11", "Boeing 737", "Covid 19"). Case-insensitive; they apply to plain integers only
#: (no separator, decimal or scale), so "Room 12" is dropped but "room for 12,000" is not looked
#: at. Words that often end a clause before a count ("week", "area", "block") are left out.
IDENTIFIER_WORDS = (
    "article", "articles", "resolution", "resolutions", "highway", "route", "interstate", "room",
    "rooms", "suite", "apartment", "apt", "apt.", "flight", "flights", "section", "sections",
    "chapter", "chapters", "apollo", "boeing", "airbus", "iphone", "galaxy", "pixel", "windows",
    "xbox", "playstation", "formula", "version", "covid", "sars", "channel", "exit", "gate",
    "platform", "terminal", "page", "pages", "p.", "pp.", "paragraph", "paragraphs", "clause",
    "amendment", "proposition", "prop.", "title", "episode", "level", "phase", "stage", "volume",
    "vol.", "no.", "nos.", "model", "mk", "type", "category", "grade", "class", "district",
    "precinct", "ward", "fox", "nbc", "abc", "cbs", "wgn", "kare", "super bowl", "zip", "zip code",
    "postcode", "world war", "hurricane category", "#", "ext", "ext.", "post", "routes", "image",
    "photo", "slide", "picture", "news", "local", "radio", "newsradio", "newschannel", "tip", "hwy",
    "rt", "rt.",
)  # fmt: skip
#: Case-sensitive names: "Group of 20" is a name, "a group of 20" a count.
IDENTIFIER_WORDS_CASED = ("Group of", "Air Force", "Big", "Formula")
#: Case-sensitive words after a number that make it part of a name: a TV station ("11 News",
#: "8News"), a street address ("1014 Floral Lane", "the 1500 block of"), a road ("the 5 Freeway").
STATION_WORDS = ("News", "NEWS", "TV", "Action News", "Eyewitness News", "On Your Side")
STREET_WORDS = (
    "Street", "St", "Avenue", "Ave", "Road", "Rd", "Drive", "Dr", "Boulevard", "Blvd", "Lane",
    "Ln", "Way", "Court", "Ct", "Place", "Pl", "Parkway", "Pkwy", "Highway", "Hwy", "Circle",
    "Cir", "Terrace", "Trail", "Freeway", "Fwy", "Expressway", "Turnpike", "Pike", "Square",
)  # fmt: skip
#: Numbers that name a service, not a count ("a 911 call").
SERVICE_NUMBERS = ("911",)
#: Words after which a number is an age: "aged 40", "at age 65", "ages 18 to 25".
AGE_PREFIXES = ("aged", "age", "ages", "age of", "at age", "at the age of", "ages of", "in age",
                "turned", "turns", "turning")  # fmt: skip
#: Lower-case person nouns that take an age in apposition: "a man, 29, is facing charges".
AGE_APPOSITION_NOUNS = ("man", "woman", "boy", "girl", "teen", "teenager", "victim", "suspect",
                        "driver", "son", "daughter", "mother", "father", "brother", "sister")  # fmt: skip
#: Verbs of dying after which "at 65" is an age ("Passes Away at 65", "died at 91").
DEATH_WORDS = ("died", "dies", "dead", "passes away", "passed away", "pass away", "death")
#: "one" is a pronoun after these words ("no one", "the one that", "which one").
ONE_PRONOUN_BEFORE = (
    "no", "the", "this", "that", "which", "any", "every", "each", "some", "another", "one", "last",
    "next", "right", "wrong", "same", "other", "little", "big", "loved", "young", "old", "new",
    "chosen", "first", "a",
)  # fmt: skip
#: "one" is a pronoun or a determiner of time before these words ("one of the", "one day").
ONE_PRONOUN_AFTER = (
    "of", "day", "days", "another", "time", "point", "way", "thing", "side", "hand", "who", "that",
    "which", "whom", "whose", "'s", "’s", "by", "such", "must", "can", "could", "should", "would",
    "might", "may", "ought", "does", "did", "morning", "evening", "night", "afternoon", "moment",
    "another's", "more time", "on one", "and only", "and the same", "or another", "or the other",
    "thinks", "wonders", "sees", "finds", "notes", "gets", "feels",
)  # fmt: skip
#: Word compounds after a hyphen that keep the figure a count: "a 10,000-strong force".
COUNT_COMPOUNDS = ("strong", "plus", "odd", "fold")

# ------------------------------------------------------------ shapes written in digits, not figures
# Regex sources. The extractor fills in {SP} (spaces within a line), {MONTH} (the month names
# above) and {DAY} (1-31 with an optional ordinal suffix). Each shape is consumed whole by the
# scanner, so its digits are never read as a count. Formats follow US and British news copy.
#: Shapes that start with a digit.
NOT_FIGURES_DIGIT_FIRST = (
    r"(?<![0-9.,:])[0-9]{1,2}(?::[0-9]{2}){1,2}(?:{SP}*[ap]\.?m\b\.?)?(?![0-9])",  # 10:30
    r"(?<![0-9.,:])[0-9]{1,2}{SP}*(?:[ap]\.m\.|[ap]m\b)",  # 9 AM, 9 a.m.
    r"(?<![0-9.,])[0-9]{1,2}{SP}+o['’]clock",
    r"(?<![0-9.,/])[0-9]+(?:/[0-9]+)+(?![0-9])",  # 11/29/2024, 1/3, 24/7
    r"(?<![0-9.,/])[0-9]+{SP}/{SP}[0-9]+(?![0-9])",  # a gallery's "1 / 10"
    r"(?<![0-9.,])[0-9]['’′]{SP}?[0-9]{1,2}(?:[\"”″]|(?![0-9]))",  # a height, 5'7"
    r"(?<![0-9.,])[0-9]{3,4}(?:\.[0-9])?{SP}?(?-i:AM|FM)\b",  # a radio station, 1210 AM
    r"(?<![0-9.,])[0-9]{1,4}(?P<dsep>[.\-])[0-9]{1,2}(?P=dsep)[0-9]{1,4}(?![0-9])",  # 2024-11-29
    r"(?<![0-9,])[0-9]+(?:\.[0-9]+){2,}",  # 192.168.1.2, version 1.2.3
    r"(?<![0-9])(?:1[-. ])?[0-9]{3}[-.][0-9]{3}[-.][0-9]{4}(?![0-9])",  # 317-555-1234
    # 555-1234, 636-3300; "500-1000" and "250-1200" stay ranges (round hundreds before the dash)
    r"(?<![0-9.,])(?:[0-9]{2}[1-9]-[0-9]{4}|[0-9]{3}-[0-9]{2}(?!00)[0-9]{2})(?![0-9])",
    r"(?<![0-9])1-[0-9]{3}-[0-9A-Za-z][0-9A-Za-z-]{3,}",  # 1-866-7LOCKUP
    r"(?<![0-9.,])[0-9]{3} [0-9]{3} [0-9]{4}(?![0-9])",  # 317 555 1234
    r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?:{SP}*[x×]{SP}*[0-9]+(?:\.[0-9]+)?)+(?![0-9])",  # 7.62x39
    r"(?<![0-9.,]){DAY}{SP}+(?:of{SP}+)?{MONTH}\b\.?(?:,?{SP}+[0-9]{4}\b)?",  # 29 November 2024
)
#: Shapes that start with "+" or "(".
NOT_FIGURES_SIGN_FIRST = (
    r"(?<![0-9A-Za-z+])\+[0-9][0-9 ./()\-]{5,20}[0-9]",
    r"\([0-9]{3}\){SP}?[0-9]{3}[-.][0-9]{4}(?![0-9])",
)  # fmt: skip
#: Shapes that start with a letter.
NOT_FIGURES_LETTER_FIRST = (
    r"(?:https?://|www\.)[^\s<>\"']+", r"[\w.+-]{1,64}@[\w-]+\.[\w.-]+",
    r"{MONTH}\.?{SP}+{DAY}(?:{SP}*[-–]{SP}*{DAY})?\b(?![,.]?[0-9])(?:,?{SP}+[0-9]{4}\b)?",
    r"{MONTH}\.?,?{SP}+[0-9]{4}\b", r"(?-i:[A-Z]{2}){SP}+[0-9]{5}(?:-[0-9]{4})?(?![0-9,.])",
    r"(?:images?|photos?|slides?|pictures?){SP}+[0-9]+{SP}+of{SP}+/?{SP}*[0-9]+",
)  # fmt: skip
#: Letters glued to digits: G-20, G20, Su-34, F-16, COVID-19, MH370, Galaxy S5.
CODE = r"[A-Za-z]+-?[0-9]+[A-Za-z0-9]*\b"
#: Fraction words after a number: "two thirds", "one-fifth" are proportions, out of scope.
DENOMINATORS = ("halves", "third", "thirds", "fourth", "fourths", "fifth", "fifths", "sixth",
                "sixths", "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth",
                "tenths")  # fmt: skip
#: Directions in street addresses: "601 W. Broadway".
STREET_DIRECTIONS = ("N", "S", "E", "W", "NE", "NW", "SE", "SW")
