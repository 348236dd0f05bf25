"""English word lists for claim extraction: what is counted, and which measure it feeds.

Written for corroborate from the vocabulary of English-language war, conflict and incident
reporting (wire copy, defence ministry statements, casualty reports). Nouns are lower-case
singular and plural forms; matching is on whole words.
"""

from __future__ import annotations

#: Nouns for military personnel. Feeds troops_deployed / troops_planned.
TROOP_NOUNS = frozenset(
    """
    troop troops soldier soldiers servicemen servicemembers serviceman personnel fighters fighter
    mercenaries mercenary conscripts conscript recruits recruit reservists reservist paratroopers
    marines marine commandos commando infantrymen infantry sailors airmen militants militant
    special-forces forces force combatants combatant volunteers guardsmen
    battalions battalion brigades brigade regiments regiment divisions division units
    deployment deployments contingent contingents reinforcements
    """.split()
)

#: Nouns for people in general (civilians, victims...). Feed casualty measures with a casualty
#: word nearby, else "other".
PEOPLE_NOUNS = frozenset(
    """
    people persons person civilians civilian residents resident children child kids adults adult
    men man women woman boys boy girls girl teenagers teenager teens teen victims victim
    refugees refugee migrants migrant citizens citizen workers worker laborers labourers
    students student passengers passenger individuals individual others bystanders bystander
    protesters protester officers officer police policemen firefighters family families members
    nationals national prisoners prisoner inmates inmate patients patient staff employees
    journalists journalist doctors medics residents households
    """.split()
)

#: Nouns that are themselves casualty counts.
KILLED_NOUNS = frozenset("dead deaths death fatalities fatality killed bodies lives".split())
WOUNDED_NOUNS = frozenset("wounded injured injuries injury hurt".split())
CASUALTY_NOUNS = frozenset("casualties casualty losses".split())

#: Nouns for people held by the other side.
CAPTIVE_NOUNS = frozenset(
    "prisoners prisoner pows pow captives captive hostages hostage detainees detainee".split()
)

#: Ammunition and expendable ordnance.
MUNITION_NOUNS = frozenset(
    """
    shells shell rounds round ammunition munitions munition missiles missile rockets rocket bombs
    bomb grenades grenade mortars cartridges bullets projectiles warheads mines
    """.split()
)

#: Nouns that count batches of something else: "20,000 containers of munitions".
CONTAINER_NOUNS = frozenset(
    "containers container crates pieces tons tonnes shipments batches sets units types kinds".split()
)

#: Weapon systems and platforms.
WEAPON_NOUNS = frozenset(
    """
    tanks tank launchers launcher howitzers howitzer guns gun artillery weapons weapon aircraft
    jets jet fighter-jets helicopters helicopter drones drone systems
    warships warship ships ship submarines submarine armoured armored apcs rifles rifle
    """.split()
)

#: Verbs/participles after a counted noun that make it a casualty figure.
KILLED_WORDS = frozenset("killed dead died die dies perished slain executed murdered fatally lost".split())
WOUNDED_WORDS = frozenset("wounded injured hurt injuring wounding hospitalized hospitalised".split())
#: Being shot or hit says a person is a casualty without saying whether they survived.
SHOT_WORDS = frozenset("shot struck".split())
CAPTURED_WORDS = frozenset("captured detained imprisoned surrendered abducted kidnapped".split())
#: Verb forms before a figure ("killing two people") that make it a casualty figure.
KILLING_VERBS = frozenset("killing killed kill kills claimed".split())
WOUNDING_VERBS = frozenset("injuring injured wounding wounded injure wound".split())
#: Losing soldiers counts both dead and wounded (military "losses").
LOSING_VERBS = frozenset("lost lose losing loses".split())
#: Capitalised plurals that look like demonyms ("Koreans", "Israelis") but are not people.
NOT_DEMONYMS = frozenset(
    "olympians. veterans americas bahamas philippines partners others thousands millions".split()
)
CAPTURING_VERBS = frozenset("capturing captured capture captures".split())

#: Words between a figure and its noun that are part of the noun phrase ("10,000 North Korean
#: soldiers", "4,000 additional troops"). Capitalised words are accepted as well.
NP_MODIFIERS = frozenset(
    """
    additional more extra new fresh other active regular elite special trained armed military
    foreign combat ground frontline front-line reserve reservist elite enemy allied
    civilian local young old injured wounded dead killed seriously critically severely slightly
    artillery rocket ballistic cruise anti-tank anti-aircraft long-range short-range air
    defence defense armoured armored military-grade combat-ready conscripted regular
    of the total estimated
    """.split()
)

#: Links that only tie a *casualty* noun to its figure ("the death toll was 45"): after a noun
#: for people they usually give an age ("the women are 36").
CASUALTY_ONLY_LINKS = frozenset(("was", "is", "were", "are", "at", "to", "of", "reached"))

#: Words linking a noun to a figure that follows it ("deployments numbering 15,000",
#: "a death toll of 45", "casualties estimated at 4,000").
LINK_BEFORE_FIGURE = (
    "numbering",
    "totalling",
    "totaling",
    "number",
    "numbered",
    "toll of",
    "toll rose to",
    "toll to",
    "toll at",
    "toll stood at",
    "toll is",
    "toll was",
    "estimated at",
    "put at",
    "put the number at",
    "at",
    "of",
    "reached",
    "rose to",
    "climbed to",
    "stands at",
    "stood at",
    "was",
    "is",
    "were",
    "are",
    "to",
)

#: Signals that a troop figure is the size of an army, not a deployment ("a standing army of
#: 1.2 million", "1.28 million active soldiers").
FORCE_SIZE_CUES = (
    "standing army",
    "active-duty",
    "active duty",
    "active soldiers",
    "active troops",
    "strong army",
    "army of",
    "armed forces of",
    "reservists",
    "in reserve",
    "military of",
)

#: Words that point at a planned or future troop movement (troops_planned), beyond modality.
PLANNED_CUES = frozenset(
    """
    prospect prospective potential planned plan plans planning prepare prepares
    preparing poised ready readying expect expected expects anticipate anticipates anticipated
    predict predicts predicted predicting forecast intend intends intended may might could will
    would-be future upcoming next rotation rotations recruiting recruit
    """.split()
)
