"""English patterns for boilerplate in scraped news text, as data for ``corroborate.clean``.

Each pattern says what it covers and where that shape of junk comes from. They are written for
the general shapes of news-site furniture (CMS plugins, wire credits, share bars, paywalls), seen
in the seed corpus and in the US local-news pages of ``eval/casualties``; none is keyed to one
site. Patterns that match a whole line are anchored; the clean stage applies them to one
stripped line at a time, so ``^``/``$`` are the line's ends.
"""

from __future__ import annotations

import re

__all__ = [
    "ABOUT_HEADING",
    "ADVERTISEMENT",
    "AUTHOR_LINK",
    "BIO_LIFE",
    "BIO_PRONOUNS",
    "BIO_START",
    "BIO_ROLE",
    "CALL_TO_ACTION",
    "CAPTION_AGENCY_END",
    "CAPTION_CREDIT_END",
    "CAPTION_CREDIT_ONLY",
    "CAPTION_START",
    "COMMENT_FORM",
    "CONTACT_FILLER",
    "COOKIE_NOTICE",
    "COPYRIGHT",
    "EMAIL",
    "HANDLE",
    "LEAD_IN_PREFIX",
    "LABELLED_LINE",
    "LEAD_IN_AMBIGUOUS",
    "LEAD_IN_SPACE_OK",
    "NUMBER_WORD",
    "PAGE_CHROME",
    "PHONE",
    "READ_MORE_ALONE",
    "READ_MORE_END",
    "REPORTING_VERB",
    "RELATED_HEADING",
    "SHARE_BAR",
    "SIGN_IN_AND_PAYWALL",
    "SITE_DOMAIN",
    "SOURCE_CREDIT",
    "TAGS_LINE",
    "TEASER_END",
    "TEASER_META",
    "TOC_HEADING",
    "TOC_NUMBERING",
    "URL_ONLY",
    "VIDEO_PLAYLIST_ITEM",
]

_I = re.IGNORECASE
# separators that glue several furniture phrases into one scraped line ("Share this: Facebook | X")
_SEP = r"[\s.,:;|*·•/\-–—»›>→←…!]*+"


def _phrases(*phrases: str) -> re.Pattern[str]:
    """A line made only of the given phrases (regex fragments), in any order and number."""
    # Atomic groups (Python 3.11+): once a phrase and its separator match they are not re-split,
    # so a long line of near-misses ("Name * Email * ...") fails in linear time.
    # A phrase must end at a word boundary ("pin" is not the start of "Pinterest"); where one
    # phrase is a prefix of another the longer one is listed first, as the first match is kept.
    return re.compile(rf"^{_SEP}(?>(?:{'|'.join(phrases)})(?!\w){_SEP})+$", _I)


# "Advertisement" slots and the "story continues" markers ad slots leave in scraped text
# (news CMSs: Arc, WordPress ad plugins, NYT "Continue reading the main story").
ADVERTISEMENT = _phrases(
    r"advertisements?",
    r"advertisment",
    r"ads?",
    r"sponsored(?: content| post| links?)?",
    r"paid (?:content|post|partner content)",
    r"promoted(?: content)?",
    r"(?:the )?(?:article|story) continues (?:after|below)(?: (?:this|the))?(?: advertisement| ad)?",
    r"continue reading (?:the main story|below|after (?:the )?(?:advertisement|ad))",
    r"continue reading",
    r"scroll (?:down )?to continue(?: with content| reading)?",
    r"skip (?:advertisement|ad)",
    r"content continues below",
    r"report (?:this )?ad",
)

# Inserted links to other articles: "KEEP READING: <headline>", "ALSO READ | <headline>",
# "RELATED: <headline>", "WATCH: <headline>" (WordPress inline-related plugins, Indian and
# African news CMSs, US TV-station sites). Group "prefix" is checked for capitals when the
# separator is only a space ("ALSO READ Headline" but not "Also read the report").
LEAD_IN_PREFIX = re.compile(
    r"^(?P<prefix>keep reading|read more|read also|also read|also see|also watch|read|"
    r"related(?: (?:story|stories|article|articles|coverage|content|link|links|news|reading|video))?|"
    r"see also|more|must read|don['’]?t miss|recommended|suggested|trending(?: now)?|top trending|"
    r"watch(?: live| now)?|listen|video|photos?|gallery|in pictures|check (?:this|it) out|"
    r"continuing coverage|more coverage|previous coverage|further reading|sponsored|"
    r"read the (?:full )?(?:story|article|report))"
    r"(?P<sep>\s*[:|»›>]+\s*|\s+[-–—]+\s+|\s*[–—]+\s*|\s+)(?P<rest>\S.*)$",
    _I,
)

# The lead-ins that also open a link with only a space after them, when written in capitals
# ("ALSO READ Minister resigns"); "MORE THAN 3,000 ..." or "READ THE ..." are headlines, not links.
LEAD_IN_SPACE_OK = frozenset(
    {
        "keep reading",
        "read more",
        "read also",
        "also read",
        "also see",
        "also watch",
        "see also",
        "must read",
        "don't miss",
        "dont miss",
        "related story",
        "related stories",
        "related article",
        "related articles",
        "related coverage",
        "related content",
        "related link",
        "related links",
        "related news",
        "related video",
    }
)

# Lead-ins that are also ordinary labels ("Video: 4K at 60fps" in a spec list, "Watch: $250"):
# a line opened by one of these is a link only when it does not sit among other "Label: value"
# lines (LABELLED_LINE).
LEAD_IN_AMBIGUOUS = frozenset(
    {
        "video",
        "photo",
        "photos",
        "gallery",
        "listen",
        "watch",
        "watch live",
        "watch now",
        "more",
        "sponsored",
        "recommended",
        "suggested",
        "trending",
        "trending now",
        "in pictures",
        "read",
    }
)
LABELLED_LINE = re.compile(r"^[^\W\d_][\w &/'’().+-]{0,30}:\s*\S")

# Lines that are only a "read more" link.
READ_MORE_ALONE = _phrases(
    r"read (?:more|the (?:full|complete) (?:story|article|report)|full (?:story|article))(?: here)?",
    r"continue reading",
    r"keep reading",
    r"click here to read more",
    r"full story",
)

# Headings that open a block of links or teasers to other articles; the clean stage takes the
# headline and teaser lines after them too (WordPress "Related Posts" plugins, Jetpack
# "Like this/Related", Outbrain/Taboola "You may also like", CMS "More from <site>").
RELATED_HEADING = re.compile(
    r"^(?:related|related (?:posts?|articles?|stories|story|news|content|coverage|links|reading|videos?|"
    r"topics)|"
    r"related\b.{0,60}\b(?:stories|articles|coverage|posts)|"
    r"(?:you|we think you) (?:may|might|will|could) (?:also )?(?:like|enjoy|be interested in)(?: (?:these|"
    r"this|reading))?(?: stories| articles)?|"
    r"recommended(?: for you| stories| articles| reading| videos?)?|"
    r"more (?:stories|news|articles|headlines|videos?|coverage)(?: (?:from|on|in|you may like on|"
    r"like this)\b.{0,40})?|"
    r"more (?:from|on|in) (?:\S+ ){0,3}\S+|"
    r"(?:read|watch|up) next|what to read next|"
    r"trending(?: now| stories| news| articles)?|top trending|"
    r"most (?:popular|read|viewed|shared|watched)(?: stories| articles| news)?|"
    r"popular (?:posts|stories|articles|now)|"
    r"(?:latest|recent) (?:posts|stories|articles|headlines)|latest news|top stories|other stories|"
    r"editor['’]?s? picks?|don['’]?t miss|must read|further reading|also in the news|"
    r"(?:sponsored|partner) (?:stories|content|links)|around the web|from (?:our|the) partners?)"
    r"\s*[:.…]*$",
    _I,
)

# A teaser paragraph in a related block ends in a "read more" link or an ellipsis where the
# excerpt was cut (WordPress excerpt "[…]", "Read more »", "Continue reading →").
TEASER_END = re.compile(
    r"(?:\s(?:read more|read full (?:story|article)|continue reading|keep reading|more)\s*[»›→>.…]*|"
    r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.))$",
    _I,
)

# A teaser or inserted link that ends in its own "read more" link ("... the council said Read more").
READ_MORE_END = re.compile(
    r"\s(?:read more|read full (?:story|article)|continue reading|keep reading)\s*[»›→>.…]*$", _I
)

# Lines between teasers in a related block: dates, "3 hours ago", comment counts, bylines.
TEASER_META = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
    r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}|"
    r"\d{4}-\d{2}-\d{2}|\d+ (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago|"
    r"\d+ comments?|no comments|by [\w .'’-]{2,40}|posted (?:on|by) .{2,40})$",
    _I,
)

# Author boxes: "View all posts by <name>" (WordPress author box), "More articles by",
# "Close Get email notifications on <name> daily!" (Gannett follow-author widget).
AUTHOR_LINK = re.compile(
    r"^(?:view|see|read|browse|more|all) (?:all |more )?(?:posts|articles|stories|columns) (?:by|"
    r"from)\b.{0,60}$|"
    r"^(?:more|read more|other) (?:articles|stories|posts) by\b.{0,60}$|"
    r"^(?:close )?get email notifications on\b.{0,60}$|"
    r"^follow (?:the )?(?:author|reporter|writer)\b.{0,60}$|"
    r"^follow [\w .'’-]{1,30}:$|"
    r"^whenever .{1,60} posts new content, you['’]?ll get an email\b.{0,100}$",
    _I,
)

# "About <Name>" / "About the author" heading of a WordPress/Ghost author box.
ABOUT_HEADING = re.compile(
    r"^(?i:about) (?:(?i:the (?:author|writer|reporter|contributor)s?)|"
    r"(?P<name>[A-Z][\w'’.-]+(?: (?:[A-Z][\w'’.-]+|de|da|van|von|del|la|le|bin|al)){0,4}))\s*:?$"
)

# What makes a paragraph an author bio: "<Name> is a journalist/reporter/... " (roles from
# author boxes of news and blog CMSs).
BIO_ROLE = re.compile(
    r"\b(?:is|was|has been|works as|serves as)\b(?: an?| the)?(?: [\w-]+){0,5} "
    r"(?:journalist|reporter|writer|editor|correspondent|columnist|author|contributor|blogger|"
    r"freelancer|producer|news anchor|anchor|photographer|photojournalist|commentator|"
    r"staff writer|intern|fellow|news editor|copy editor|content creator|content writer)s?\b",
    _I,
)

# Comment forms (WordPress comment_form(), Disqus, Akismet notice, Jetpack subscriptions).
COMMENT_FORM = _phrases(
    r"leave a (?:reply|comment|response)",
    r"cancel reply",
    r"post a comment",
    r"add (?:a|your) comment",
    r"(?:post|submit|publish) (?:a )?comment",
    r"(?:\w+ )?comment policy",
    r"comments are closed",
    r"comments?",
    r"\d+ (?:pending )?comments?",
    r"no comments(?: yet)?",
    r"be the first to comment",
    r"your email address will not be published",
    r"required fields are marked",
    r"(?:name|email|e-mail|website|url)(?: \(required\))?",
    r"save my name, email, and website in this browser for the next time i comment",
    r"notify me of (?:follow-up|new) (?:comments|posts|replies) (?:by|via) e-?mail",
    r"you must be logged in to post a comment",
    r"this site uses akismet to reduce spam",
    r"learn how your comment data is processed",
    r"(?:show|view|load|hide|read) (?:all )?comments",
    r"join the (?:conversation|discussion)",
    r"reply",
)

# Share bars and social links (AddToAny, Jetpack "Share this:", "Like this: Like Loading...").
SHARE_BAR = _phrases(
    r"share(?: this (?:article|story|post|page)| this)?(?: (?:on|via|with))?",
    r"like this",
    r"like loading",
    r"loading",
    r"tweet",
    r"pin(?: it)?",
    r"e-?mail(?: this)?",
    r"print(?: this)?(?: (?:article|story|page))?",
    r"facebook(?: messenger)?",
    r"twitter",
    r"x",
    r"whatsapp",
    r"linkedin",
    r"pinterest",
    r"reddit",
    r"telegram",
    r"tumblr",
    r"flipboard",
    r"google\+?",
    r"pocket",
    r"threads",
    r"bluesky",
    r"sms",
    r"copy(?: (?:link|url))?",
    r"free apps?",
    r"now",
    r"read or share this story:? \S+",
    r"click to share on [\w ]+(?:\(opens in new window\))?",
    r"\(opens in new window\)",
    r"more",
    r"play facebook",
)

# Calls to action: follow us, subscribe, sign up, download our app, text NEWS to 12345
# (US TV-station and newspaper sites, newsletters). A line must start with the verb and name
# the thing (app, newsletter, Facebook ...) to count.
CALL_TO_ACTION = re.compile(
    r"^(?:please |be sure to |make sure to |don['’]?t forget to |click here to |tap here to |"
    r"you can (?:also )?)?"
    r"(?:follow |like us |join us |join the conversation |find (?:us|[\w.]{1,20}) on |connect with us |"
    r"subscribe |"
    r"sign up |signup |register |download |install |stay (?:with|tuned|connected|up to date|updated|"
    r"informed|on)[ ,]|"
    r"keep up with |tune in (?:to )?|text |tap |click |watch (?:live|more|the latest|our) |listen (?:to|"
    r"live) |"
    r"refresh |don['’]?t miss (?:another|a|out)\b|read more (?:top |trending |latest )|email newsletters |"
    r"get (?:the latest|breaking|our|email|e-mail|news|the top|\d+ |alerts|push) |want (?:more|to become) |"
    r"be in the know |never miss |enjoy the convenience |"
    r"for (?:more|the latest|breaking)[\w ,]{0,40}?(?:visit|go to|listen|watch|follow|click|download)\b)"
    r".{0,200}?\b(?:newsletters?|e-?mail alerts?|news alerts?|breaking news alerts?|text alerts?|"
    r"push alerts?|"
    r"notifications?|inbox|app(?:s)?|iphone|android|ipad|itunes|google play|facebook|twitter|instagram|"
    r"youtube|tiktok|linkedin|whatsapp|telegram|podcasts?|rss|subscriber|subscription|"
    r"(?:digital|unlimited|full|premium) access|"
    r"home delivery|radio|profile|sign(?:ing)? (?:in|up)|log(?:ging)? in|account|updates|alerts|"
    r"(?:for|with|on) the latest|trending stories)\b.{0,120}$",
    _I,
)

# Site furniture that scrapers keep: navigation, login and paywall prompts, video-player text
# (US local-news sites in eval/casualties; Gannett, Tribune, CBS Local, Cox, Meredith CMSs).
PAGE_CHROME = _phrases(
    r"skip to (?:main )?(?:content|navigation)",
    r"home",
    r"about us",
    r"contact us",
    r"menu",
    r"search",
    r"close",
    r"(?:back|return) to top",
    r"toggle navigation",
    r"open menu",
    r"close menu",
    r"sign in using (?:your?|you) .{1,60}",
    r"sign in",
    r"login now",
    r"log ?in",
    r"log out",
    r"register",
    r"sign up",
    r"subscribe(?: now| today)?",
    r"already a (?:print )?subscriber\??",
    r"already have an account\??",
    r"need an account\??(?: create one now)?",
    r"create (?:an |one |a free )?account(?: now)?",
    r"welcome back",
    r"please sign in",
    r"(?:have|need) an online subscription\??",
    r"total access",
    r"you are the owner of this article",
    r"you must (?:sign in|log in|register) (?:or (?:sign in|register) )?to continue reading(?: content)?",
    r"thank you for (?:registering|reading|subscribing)!?",
    r"just one more thing",
    r"why are we asking this\??",
    r"what does verified mean\??",
    r"please enable javascript to (?:watch|view) this (?:video|content|slideshow)",
    r"(?:this|the) (?:slideshow|video|content|page) requires javascript",
    r"javascript is (?:disabled|required)",
    r"(?:scroll|swipe) (?:down )?for (?:video|more)",
    r"watch (?:this story|mobile video|the video|video|live)",
    r"play video",
    r"hide transcript",
    r"show transcript",
    r"copy link",
    r"enlarge this image",
    r"(?:toggle|hide|show) caption",
    r"(?:image|photo|slide) \d+ (?:of|/) \d+",
    r"\d+ of \d+ premium clicks used this month",
    r"\d+ (?:of|/) \d+(?: photos?| images?)?",
    r"(?:view|open|see|launch) (?:the )?(?:photo )?gallery",
    r"photo gallery",
    r"expand",
    r"enlarge",
    r"photos?",
    r"videos?",
    r"click here to return to the page you were visiting",
    r"click here for reuse options",
    r"report an? (?:error|typo|correction)(?: or submit a tip)?(?: to [\w ]{1,20})?",
    r"submit a (?:news )?tip",
    r"send us (?:a|your) (?:news )?tips?",
    r"listen to (?:this )?article",
    r"\d+ min(?:ute)?s? read",
    r"reading time:? \d+ min(?:ute)?s?",
    r"page \d+ of \d+",
    r"(?:next|previous|prev) (?:article|post|page|slide)",
    r"(?:next|previous|prev)",
    r"get the app",
    r"download (?:our|the) app(?: here)?",
    r"premium content",
    r"get digital access",
    r"you['’]?ve (?:now )?read (?:the maximum number of|all your|your \d+ free) (?:free )?(?:stories|"
    r"articles).{0,80}",
    r"add a location to your tweets",
    r"(?:your )?notification has been saved",
    r"there was a problem saving your notification",
)

# Registration, paywall and video-player messages that arrive as whole sentences (Janrain and
# Piano sign-in widgets, subscription walls, player notices on US TV-station sites).
SIGN_IN_AND_PAYWALL = re.compile(
    r"^(?:if you do not receive the (?:verification|confirmation) (?:message|email)|"
    r"we have sent (?:you )?a (?:verification|confirmation) email|"
    r"please check your email and click on the link|"
    r"you must enter the characters|by submitting your registration information|"
    r"email notifications are only sent once a day|please confirm or modify the email address|"
    r"no email address was supplied|to complete your registration|"
    r"subscribe now for (?:complete|full|unlimited)|subscribers get (?:total|full|unlimited) access|"
    r"the story you(?:'|’)re reading is premium content|we offer delivery options|"
    r"sorry, this zip ?code is not in our deliverable area|re-enter zip code|"
    r"having trouble viewing the video\?|on a mobile device\?|"
    r"already a (?:print )?subscriber\?|you(?:'|’)ve reached your (?:free )?(?:article|"
    r"story) limit).{0,300}$",
    _I,
)

# A line that is only a link: "twitter.com/someone", "https://example.com/story".
URL_ONLY = re.compile(r"^<?(?:https?://|www\.)?[\w-]+(?:\.[\w-]+)+/\S*>?$|^<?https?://\S+>?$", _I)

# Photo captions and credits. CAPTION_START: a line that opens like a caption ("Photo: ...",
# "Photo by ...", "In this photo ...", "FILE - In this ...", AP/Reuters caption style, "Pictured:").
CAPTION_START = re.compile(
    r"^(?:\(?\s*(?:photo|photograph|image|picture|pic|graphic|illustration|video still|screenshot|"
    r"photo credit|image credit|image source|picture credit|credit|courtesy(?: photo)?)s?\s*[:/|]|"
    r"\(?\s*(?:photo|photograph|image|picture|illustration)s?\s+(?:by|via|courtesy(?: of)?|credit)\s|"
    r"(?:photo|image|picture) credit\b|"
    r"file photo\b|(?-i:FILE\s*[-–—]\s)|"
    r"(?:image|photo|slide|picture)\s+\d+\s+of\s+\d+\s+\S|"  # gallery slides: "Image 69 of 111 A ..."
    r"in (?:this|these) (?:[\w-]+ ){0,4}(?:photo|image|picture|photograph|handout|screenshot|screen grab|"
    r"frame grab|frame from|still image)s?\b|"
    r"this (?:[\w-]+ ){0,3}(?:photo|image|picture|screenshot|screen grab|frame grab|photograph)\b.{0,80}?"
    r"\b(?:shows|showing|taken|released|provided|made|obtained|posted|distributed)\b|"
    r"(?:above|below|top|pictured|inset|main image|main picture|featured image|header image|lead image)\s*"
    r"(?:[:\-–—]|\((?:left|right|l|r|from left|from right|left to right)\b))",
    _I,
)

# A caption line that ends in a wire or photographer credit: "(... via AP)", "(AP Photo/Name)",
# "(Photo: KING 5 News)", "(REUTERS/Name)", "(Name/Getty Images)".
CAPTION_CREDIT_END = re.compile(
    r"\((?:[^()]{0,120}\bvia\s+(?:AP|Reuters|AFP|Getty Images|EPA|Bloomberg|Shutterstock|Wikimedia Commons|"
    r"Twitter|X|Facebook|Instagram|Telegram|YouTube|ZUMA)|"
    r"AP Photo\b[^()]{0,80}|(?:photo|image|picture|video)s?(?: by| credit| courtesy)?\s*:[^()]{0,80}|"
    r"(?:photo|image|picture)s? (?:by|courtesy of)\b[^()]{0,80}|"
    r"[^()]{0,60}/\s*(?:AP|Reuters|AFP|Getty Images|EPA(?:-EFE)?|Bloomberg|Shutterstock|Sipa(?: USA)?|"
    r"Anadolu(?: Agency)?|Xinhua|Pool|File)\b[^()]{0,40}|"
    r"REUTERS/[^()]{1,60}|courtesy\b[^()]{0,80}|credit:[^()]{0,80})\)\s*\.?$",
    _I,
)

# A short line that is only a credit: "Getty Images", "Image via Shutterstock", "John Smith/AP".
CAPTION_CREDIT_ONLY = re.compile(
    r"^[\w .,'’-]{2,60}\s*/\s*(?:getty images|shutterstock|istock(?:photo)?|ap|afp|reuters|epa(?:-efe)?|"
    r"bloomberg|pool|sipa(?: usa)?|xinhua|anadolu(?: agency)?)(?: photo| via getty images|"
    r"\s*/\s*.{1,40})?\.?$|"
    r"^(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|reuters photo|epa photo|"
    r"afp via getty images|wikimedia commons|unsplash|pexels)\b[\w .,/'’-]{0,40}$|"
    r"^(?:image|photo|picture)s? (?:via|courtesy(?: of)?|credit|by) .{1,60}$",
    _I,
)

# A caption credited to a bare agency, "... on Monday. (Reuters)": counts as a caption only on a
# line that reports no speech (REPORTING_VERB) and quotes no one, as a caption describes a picture.
CAPTION_AGENCY_END = re.compile(r"\((?:Reuters|AFP|AP|EPA|Getty Images|Handout|Pool)\)\s*\.?$")
REPORTING_VERB = re.compile(
    r"\b(?:said|says|told|tells|according|reported|reports|announced|stated|claimed|added|warned|wrote)\b|"
    r"[\"“”]",
    _I,
)

# Cookie and consent banners (GDPR/CCPA consent managers).
COOKIE_NOTICE = re.compile(
    r"\b(?:we|this (?:site|website)|our (?:site|website|partners)|we and our (?:\d+ )?partners) "
    r"(?:use|uses|store) cookies\b|"
    r"\bby (?:continuing|using|clicking)\b.{0,60}\b(?:you (?:agree|consent)|cookies)\b|"
    r"\byou (?:agree|consent) to (?:the|our) use of cookies\b|"
    r"^(?:accept|reject|allow|manage)(?: all)?(?: cookies)?$|^(?:cookie|privacy) (?:settings|preferences|"
    r"policy)$|"
    r"^manage (?:consent|preferences|options)$|^i (?:agree|accept)$|^got it!?$|^we value your privacy\.?$",
    _I,
)

# Copyright and syndication notices ("Copyright 2016 The Associated Press. All rights reserved.
# This material may not be published, broadcast, rewritten or redistributed.").
COPYRIGHT = re.compile(
    r"^\(?\s*(?i:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}|(?i:by)\b)|"
    r"^\(?\s*©|"
    r"^Copyright (?:[A-Z][\w&.'’-]*|/)(?: (?:[A-Z][\w&.'’-]*|/|of|the|and|&)){0,7}\.?\)?$|"
    r"(?i:\ball rights reserved\b)|"
    r"(?i:\bthis material may not be (?:published|reproduced)\b)"
)

# Where a piece came from, stated by the publisher: "Original Source: m.example.com",
# "Source: Reuters", "This article originally appeared on ...", "The Associated Press
# contributed to this report." Removed from the text but kept in the Removal for provenance.
SOURCE_CREDIT = re.compile(
    r"^\(?\s*(?:original (?:source|story link|article)|sources?|via|source link)\s*:\s*\S.{0,160}$|"
    r"^(?:originally (?:published|posted|appeared)|republished|reprinted) (?:on|in|at|by|from|"
    r"with permission)\b.{0,160}$|"
    r"^(?:this|the) (?:article|story|post|piece|column|report) (?:was |is )?(?:originally |first )"
    r"(?:appeared|published|posted|ran)\b.{0,160}$|"
    r"^(?:this|the) (?:article|story|post|piece|column|report) (?:is|was|has been) "
    r"(?:republished|reprinted|reproduced) (?:from|with permission)\b.{0,160}$|"
    r"^.{0,120}\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?$|"
    r"^(?:contributing|contributors?|additional reporting(?: by)?|with (?:news )?wire services|"
    r"with (?:reporting|files) from|reporting by|writing by|editing by)\b.{0,160}$|"
    r"^[\w .,'’&-]{2,60} contributed\.?$",
    _I,
)

# Keyword lines: "Tags: a, b", "Tagged x", "Filed under: ...", "Posted in ...", "Categories: ...".
TAGS_LINE = re.compile(
    r"^(?:tags?|tagged(?: with)?|filed (?:under|in)|posted in|categories|category|topics?|"
    r"keywords)\s*[:\-–—]?\s+\S.{0,200}$",
    _I,
)

# "Table of Contents" and its kin (Easy Table of Contents, LuckyWP TOC WordPress plugins).
TOC_HEADING = re.compile(
    r"^(?:table of contents?|contents|article contents|in this (?:article|story|post|guide)|on this page|"
    r"jump to(?: section)?|quick links|navigate this article|what['’]?s inside|toggle table of contents?)"
    r"\s*(?:\[\s*(?:hide|show)\s*\])?\s*:?$",
    _I,
)

# Numbering and bullets in front of table-of-contents entries ("1.", "2)", "•", "-", "1.2").
TOC_NUMBERING = re.compile(r"^(?:[\d.]+[.)]?|[ivx]+[.)]|[•·▪◦‣*–—-])\s*", _I)

# One entry of a video playlist rail: a running time, then the clip's title ("2:21 Man sentenced").
VIDEO_PLAYLIST_ITEM = re.compile(
    r"^\d{1,2}:\d{2}(?::\d{2})? (?![AaPp]\.?[Mm]\b)(?!(?:GMT|UTC|ET|EST|EDT|BST|CET|CEST|PT|PST|PDT|CT)\b)"
    r"[\"'‘“A-Z0-9].{2,150}$"
)

# A bare domain name on its own line ("KumDi.com", "www.example.co.uk"): the site's logo text.
SITE_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)++"
    r"(?:com|net|org|info|news|biz|co|io|tv|me|us|uk|ca|au|in|ie|nz|za|ng|ke|gh|ug|tz|de|fr|it|es|nl|"
    r"be|ch|at|se|no|dk|fi|pl|ru|ua|kr|jp|cn|hk|tw|sg|my|ph|pk|bd|lk|ae|sa|il|tr|br|mx|ar|eu|"
    r"online|site|today|world|press|media|live|blog|global|report|times|post)/?$",
    _I,
)

# Contact lines: addresses, handles and phone numbers, with the words that glue them.
# (possessive and anchored to a token start, so a long run of "1.1.1." is rejected in linear time)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
HANDLE = re.compile(r"(?<![\w@])@\w{2,30}\b")
PHONE = re.compile(r"(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b")
CONTACT_FILLER = re.compile(
    r"\b(?:contact|e-?mail|twitter|x|follow|reach|at|or|on|and|phone|tel|call|via|him|her|them|"
    r"instagram|facebook|linkedin|threads|bluesky)\b|[^\w\s]",
    _I,
)

# The opening of a bio paragraph at the foot of an article: a name, then "is/was/covers ...".
BIO_START = re.compile(r"^(?:[A-Z][\w'’.-]+ ){1,4}(?:is|was|has been|covers|writes|reports)\b")

# English number words: a line stating an amount in words is reporting, not furniture, even
# when a site repeats it.
NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|half|several|scores)\b",
    _I,
)

# How a bio paragraph under "About <Name>" may start instead of with the name.
BIO_PRONOUNS = frozenset({"He", "She", "They"})

# Life-story words of an author box ("Born and raised in Dublin ... degree at Columbia").
BIO_LIFE = re.compile(
    r"\b(?:born and raised|was born in|grew up in|graduated (?:from|in)|(?:master['’]?s|"
    r"bachelor['’]?s) degree|"
    r"degree (?:in|from|at)|career in (?:journalism|media|reporting)|lives in|previously worked)\b",
    _I,
)
