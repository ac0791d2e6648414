"""Instances of the answer type in a sentence: the person, place, organisation, date or number a question asks
for, that the question does not already name, best first.

    instances(analyse("Who is South Korea's president?"), "South Korean President Yoon Suk Yeol said ...")
    -> [Mention("Yoon Suk Yeol", "person", ...)]
"""

from __future__ import annotations

import re

from rag.evidence.agents import acts_asked, agents, asked_act, is_agent, of_act
from rag.language.entities import Mention, mentions
from rag.language.geo import CITY_NOUNS, COUNTRY_NOUNS, country
from rag.language.words import TITLES, content_stems, name_key
from rag.question.analysis import Question, located, people_noun

AGENTS = True
_TYPE_OK = {  # the mention types that answer each entity type
    "person": ("person", "organisation"),  # "who released the statement?" -> "Luxon's office"
    "organisation": ("organisation", "person", "place"),
    "place": ("place",),
    "date": ("date",),
    "number": ("number",),
}
# Words of a question that do not make a mention "already named" ("Who was its prime minister?" does not name
# Rutte by saying "minister").
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|several|many"
_GENERIC = {"prime", "minister", "president", "leader", "official", "premier", "chancellor", "secretary", "foreign",
            "the", "of", "new", "first"}
# Titles too loose to require literally: a "leader" may be titled prime minister.
_LOOSE_TITLES = {"leader", "general", "chief", "first", "lady", "mr", "mrs", "ms", "dr", "sen", "rep"}
_DATE_LIKE = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b(?:Mon|Tues|Wednes|Thurs|Fri|"
                        r"Satur|Sun)day\b|\b(?:yesterday|today|tomorrow|last|this|next|ago|later|earlier|past)\b", re.I)
_COMPOUND = re.compile(r"-(?:way|party|sided|state|nation|member)\b")  # "two-way trade" counts nothing
_HOW_MEASURE = re.compile(r"\bhow (long|far|big|large|tall|wide|high|deep|heavy|old)\b", re.I)
_UNITS = (r"(?:km|kilomet\w*|met(?:re|er)s?|miles?|feet|foot|inch\w*|years?|months?|weeks?|days?|hours?|minutes?|"
          r"tonnes?|tons?|kg|kilogram\w*|mw|megawatt\w*|gw|square)\b")
_DISTANCE = r"(?:km|kilomet\w*|met(?:re|er)s?|miles?|feet|foot|inch\w*)\b"
_DURATION = r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b"
_MEASURE_UNITS = {"long": f"(?:{_DISTANCE}|{_DURATION})", "far": _DISTANCE, "old": _DURATION, "tall": _DISTANCE,
                  "wide": _DISTANCE, "deep": _DISTANCE, "high": _DISTANCE, "heavy": r"(?:tonnes?|tons?|kg|kilogram\w*)\b"}
# the question asks who holds a title: "Who is the president of ...?", "Who was Canada's envoy?", "Which minister
# spoke?", "Who served as foreign minister?"; not "Who did the minister meet?"
_ASKS_HOLDER = re.compile(r"^\s*(?:and\s+)?(?:who(?:'s|’s| is| was| are| were| served as| became| holds)|which|what)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|next|upcoming|going to|planned|scheduled)\b", re.I)
_PAST_DATE = re.compile(r"\b(?:since|last|ago|earlier|previous|past|in the past)\b", re.I)
_COORD = re.compile(r"^(?:\s*\([^()]{1,15}\))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+)\s*(?:the\s+)?$")
# people in a run each keep their title: "Antony Blinken, Chinese Premier Li Qiang, and Russian Foreign Minister ..."
_COORD_TITLED = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+)\s*(?:the\s+)?"
                           r"(?:[A-Z][\w.'’-]*\s+){0,4}$")




def instances(q: Question, text: str, article: str = "") -> list[Mention]:
    """Mentions in `text` of the type `q` wants that the question does not name, best first: of the preferred
    type ("who" -> a person before an organisation), carrying the question's modifier of its target ("Russian
    official" -> after "Russian"), placed by "in"/"at" for a place, and nearest the question's focus words.
    For a list, the coordinated run nearest them ("Japan, Australia and New Zealand")."""
    ok = _TYPE_OK.get(q.wants_entity, (q.wants_entity,)) if q.wants_entity else ()
    if q.answer_type == "list":  # a list of people is people; governments may be named by their country
        ok = ok[:2] if q.wants_entity == "organisation" else ok[:1]
    if q.target.lower() in COUNTRY_NOUNS and q.wants_entity in ("place", "organisation"):
        ok = ("place", "nationality")  # "Dutch Prime Minister Mark Rutte" says which country he leads
    if q.choices:  # "which of Germany, Canada and the Netherlands ...?": one of those, though the question names it
        return sorted(_chosen(q.choices, text), key=lambda m: -_clause_anchors(q, text, m))
    named = {w for n in q.names for w in name_key(n).split()} | set(name_key(q.text).split()) - _GENERIC
    # "who condemned X?": the one condemning, when the sentence says so with that verb; a country may be it
    # ("North Korea and Russia have denied ...")
    doers = agents(text, asked_act(q.text)) if AGENTS and q.wants_entity in ("person", "organisation", "place") else None
    if doers is not None and q.wants_entity == "person" and q.answer_type != "list" and not any(
            m.type == "person" for m in mentions(text)):
        ok = ok + ("place",)
    found = [m for m in _counted(q, mentions(text)) if m.type in ok and name_key(m.text) and not _named(m, named)
             and not re.match(r"(?:his|her|their|its)\b", m.text)  # "his office" names nobody
             and not _possessive(text, m) and not _names_occasion(q, text, m)
             and not (_apposed(text, m, named) and q.target.lower() not in COUNTRY_NOUNS)
             and not (credited(text, m.start, m.end) and not text[:m.start].rstrip().endswith("told"))]  # "as
    # reported by Yonhap" names the report's source, no actor; "Yoon told Kishida" names whom he told
    found = [m for m in _of_kind(q, found) if not (m.type == "person" and _title_only(m.text))]
    if doers is not None and any(is_agent(m.text, doers) for m in found):
        found = [m for m in found if is_agent(m.text, doers)]
    elif doers is not None and "place" not in _TYPE_OK.get(q.wants_entity, ()):
        found = [m for m in found if m.type != "place"]  # a parse may miss the agent: a place only as the agent
    if q.aside_role:  # "who else besides the South Korean president?": not "South Korean President Yoon ..."
        role = set(name_key(q.aside_role).split())
        found = [m for m in found if not role <= set(name_key(text[max(0, m.start - 45):m.start]).split())]
    if q.wants_entity == "date":  # spaCy's DATE includes "annual" and "recent": a date has a number or a name
        found = [m for m in found if _DATE_LIKE.search(m.text)]
        acts = acts_asked(q.focus, q.text)  # "when did he arrive?" is not dated by "since he took office last November"
        found = [m for m in found if of_act(text, m, acts)]
        if _FUTURE.search(q.text):  # "when will they next meet?" is not answered by "since 2019" or "last June"
            found = [m for m in found if not _PAST_DATE.search(text[max(0, m.start - 12):m.start] + m.text)]
    if q.wants_entity == "person" and _ASKS_HOLDER.match(q.text):  # "who is the foreign minister?": only
        # someone the sentence gives that title; "who did the minister meet?" gives the title to the subject
        roles = [w for w in re.findall(r"[a-z]+", q.text.lower()) if w in TITLES and w not in _LOOSE_TITLES]
        if roles:  # ... and of the country the question gives it: "New Zealand's foreign minister"
            whose = [name_key(m.text) for m in mentions(q.text) if m.type in ("place", "nationality")
                     and _holds_role(q.text, m, roles)]
            def titled(m: Mention) -> bool:
                before = text[max(0, m.start - 45):m.start] + " " + _first_titled(m, article)
                return all(r in before.lower() for r in roles) and all(w in name_key(before) for w in whose)
            found = [m for m in found if titled(m)]
    if q.wants_entity == "number":  # a year, "two-way trade" and "the two leaders" count nothing asked
        found = [m for m in found if not _is_year(m.text) and not _COMPOUND.match(text[m.end:m.end + 12])
                 and not (m.text.isalpha() and re.search(r"\bthe\s*$", text[max(0, m.start - 5):m.start], re.I))]
        # "how long" wants a length or a time, "how much" an amount: "six countries" answers neither; "how
        # many troops" counts troops, not "six countries"
        found = [m for m in found if (not _asks_measure(q) or measures(q, text, m)) and counts_asked(q, text, m)]
    if not found:
        return []
    anchors = _anchors(q, text)
    modifier = [w for w in q.modifiers if w.lower() not in _GENERIC and not re.fullmatch(r"\d+|" + _NUMBER_WORDS, w, re.I)]
    def qualified(m: Mention) -> str:  # "Russian official Sergey Lavrov"; a count's noun follows: "three consecutive years"
        return (text[max(0, m.start - 40):m.start] + (text[m.end:m.end + 30] if q.wants_entity == "number" else "")
                + " " + _first_titled(m, article)).lower()
    if modifier:  # "which Russian official": only someone the sentence calls Russian ("Russia's ... city of")
        found = [m for m in found if any(_qualifies(w, qualified(m)) for w in modifier)]
    if q.wants_entity == "place" and _WHERE.search(q.text):  # "where ...?": a place where the act is, not a subject
        acts = acts_asked(q.focus, q.text)
        found = [m for m in found if _LOCATIVE.search(text[max(0, m.start - 40):m.start]) and of_act(text, m, acts)]
    if not found:
        return []

    def rank(m: Mention) -> tuple:
        before = text[max(0, m.start - 40):m.start]
        has_modifier = not modifier or any(_qualifies(w, qualified(m)) for w in modifier)
        placed = q.wants_entity != "place" or bool(re.search(r"\b(?:in|at)\s+(?:the\s+)?$", before))
        return (not has_modifier, not _titles_named(q, text, m), not of_country(q, text, m), ok.index(m.type), not placed, _city_rank(q, text, m), not measures(q, text, m),
                -_clause_anchors(q, text, m), min((abs(m.start - a) for a in anchors), default=0))
    if q.answer_type != "list":
        return sorted(found, key=rank)
    runs = _runs(found, text)
    return min(runs, key=lambda run: min(rank(m) for m in run))


_WHERE = re.compile(r"\bwhere\b", re.I)
# a place where something is: "in Washington", "at the summit in the capital of Laos, Vientiane", "to the city of"
_LOCATIVE = re.compile(r"\b(?:in|at|near|to|inside|outside|across|throughout)\s+(?:the\s+)?$|"
                       r"\b(?:city|port|capital|town|province|region|village|island) of\s+(?:[A-Z][\w-]+,?\s+)?$")


def _first_titled(m: Mention, article: str) -> str:
    """What the article puts before a person the first time it names them: "Kishida also expressed ..." is
    the Japanese leader the article introduced as "Japanese Prime Minister Fumio Kishida"."""
    if m.type not in ("person", "organisation") or not article:  # the tagger calls a lone surname either
        return ""
    surname = m.text.split()[-1]
    at = re.search(r"\b" + re.escape(surname) + r"\b", article)
    return article[max(0, at.start() - 40):at.start()] if at else ""


def _qualifies(word: str, before: str) -> bool:
    """The modifier qualifies a mention whose preceding text has it, or names its country: ("Russian", "to
    russia's far-eastern port city of ") -> True"""
    if word.lower() in before:
        return True
    asked = country(word)
    return bool(asked) and any(country(x.text) == asked for x in mentions(before.title()) if x.type in ("place", "nationality"))


_SPAN_OF_TIME = re.compile(r"^(?:\d[\d,.]*|" + _NUMBER_WORDS + r")\b.*\b" + _DURATION, re.I)


def _counted(q: Question, found: tuple[Mention, ...]) -> list[Mention]:
    """For "how many", a span of time counts: "three consecutive years" (a date to the tagger) is a number."""
    if q.wants_entity != "number":
        return list(found)
    return [Mention(m.text, "number", m.start, m.end) if m.type == "date" and _SPAN_OF_TIME.match(m.text) else m
            for m in found]


def _of_kind(q: Question, found: list[Mention]) -> list[Mention]:
    """ "Which country": countries only, a nationality read as its country ("Dutch" -> "Netherlands"); "which
    city": no country."""
    target = q.target.lower()
    if target in COUNTRY_NOUNS and q.wants_entity in ("place", "organisation"):
        return [Mention(country(m.text) or m.text, "place", m.start, m.end) for m in found if country(m.text)]
    if target in CITY_NOUNS:
        return [m for m in found if not country(m.text)]
    return found


def of_country(q: Question, text: str, m: Mention) -> bool:
    """For a person, when the question names a country: the person's title carries it ("Dutch Prime Minister
    Mark Rutte" for "who led the Netherlands?"). True when no country is asked about."""
    asked = {country(n) for n in q.names if not located(q.text, n)} - {None}  # not "whom did he meet in Japan?"
    if q.wants_entity != "person" or not asked:
        return True
    before = text[max(0, m.start - 45):m.start]
    return any(country(x.text) in asked for x in mentions(before) if x.type in ("place", "nationality"))


def _titles_named(q: Question, text: str, m: Mention) -> bool:
    """The mention opens the title of a person the question names: "Dutch" in "Dutch Prime Minister Mark Rutte"
    (not "German" in "... Mark Rutte and German Chancellor Olaf Scholz")."""
    after = re.match(r"[\s-]*((?:[A-Z][\w.]*\s+){0,4})", text[m.end:])
    if not after:
        return False
    words = after.group(1).split()
    i = 0
    while i < len(words) and words[i].lower() in TITLES:
        i += 1
    rest = name_key(" ".join(words[i:]))
    return i > 0 and bool(rest) and any(set(rest.split()) & set(name_key(n).split()) for n in q.names)


def _named(m: Mention, named: set[str]) -> bool:
    """The question already names this one: a person sharing a word with a question name ("Yoon Suk Yeol" for
    "Yoon"); anything else whose words it all has ("Luxon's office" is not "Luxon")."""
    words = set(name_key(m.text).split())
    return bool(words & named) if m.type == "person" else words <= named


def _asks_measure(q: Question) -> bool:
    return bool(_HOW_MEASURE.search(q.text) and _HOW_MEASURE.search(q.text).group(1).lower() in _MEASURE_UNITS) or bool(
        re.search(r"\bhow much\b", q.text, re.I) and not re.search(r"\bhow much (?:time|longer)\b", q.text, re.I))


# what "how many" counts: the words after it up to the verb ("how many New Zealand troops are ...")
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'’-]+\s+){0,4}?)(?=(?:are|is|was|were|did|does|do|has|have|had|will|would|"
                       r"can|could|should|may|might|of|in|on|at|from|to|by|for|with|that|who|which)\b|[?,.]|$)", re.I)
_ANY_COUNT = {"times", "things", "ones"}


def counted_words(question: str) -> set[str]:
    """The stems of what "how many" counts: "How many New Zealand troops are stationed ...?" -> {"troop"};
    "How many countries' leaders ...?" -> {"countri", "leader"}; empty when the question counts nothing named
    ("how many people", "how many times") or asks no "how many"."""
    m = _HOW_MANY.search(question) or re.search(r"\bhow many\s+([a-z][\w'’-]*\s)", question, re.I)  # "people attended"
    if not m:
        return set()
    words = [w for w in re.findall(r"[\w'’-]+", m.group(1)) if w.lower() == w]  # not "New Zealand"
    if not words or any(w in _ANY_COUNT for w in words):
        return set()
    return content_stems(" ".join(words))


def counts_asked(q: Question, text: str, m: Mention) -> bool:
    """A count answers "how many X" when X (by stem) follows it within a few words ("six countries — ...",
    "100,000 North Korean workers", "three consecutive years"), or people do ("100,000 people")."""
    wanted = counted_words(q.text)
    if not wanted:
        return True
    words = re.findall(r"[\w'’-]+", text[m.start:m.end + 60])[:6]
    after = " ".join(words)
    if wanted <= content_stems("people persons individuals"):  # "how many people": any noun for people counts
        return bool(_PEOPLE.search(after)) or any(people_noun(w) for w in words[1:])
    return bool(content_stems(after) & wanted) or bool(_PEOPLE.search(after))  # "100,000 people" counts workers


_PEOPLE = re.compile(r"\b(?:people|persons|individuals|nationals|citizens)\b", re.I)


def measures(q: Question, text: str, m: Mention) -> bool:
    """For "how long / far / old ...", a number with a unit of that measure ("48-kilometre", "3 years"); for
    "how much", money or a multiple ("$86 million", "doubled"); any number otherwise."""
    after = text[m.end:m.end + 14].lower()
    how = _HOW_MEASURE.search(q.text)
    if how:
        units = _MEASURE_UNITS.get(how.group(1).lower(), _UNITS)
        return bool(re.match(r"^[\s-]*" + units, after)) or bool(
            re.search(r"(?:\d|\b(?:" + _NUMBER_WORDS + r"))[\s-]*" + units, m.text.lower()))
    if re.search(r"\bhow much\b", q.text, re.I) and not re.search(r"\bhow much (?:time|longer)\b", q.text, re.I):
        return bool(re.search(r"[$€£¥]|\b(?:dollars?|won|yen|euros?|pounds?)\b", text[max(0, m.start - 2):m.end + 10], re.I)
                    or re.match(r"(?:doubl|tripl|quadrupl|halv)", m.text, re.I) or "%" in m.text + after[:2] or "percent" in m.text.lower() + after)
    return True


_OCCASION = re.compile(r"\s+(?:summits?|meetings?|talks|conferences?|gatherings?|sessions?|forums?|visits?)\b", re.I)


def _names_occasion(q: Question, text: str, m: Mention) -> bool:
    """ "The annual ASEAN summit": a bloc naming an occasion says where, not who."""
    return q.wants_entity in ("person", "organisation") and bool(_OCCASION.match(text[m.end:m.end + 14]))


def _holds_role(question: str, m: Mention, roles: list[str]) -> bool:
    """The place or nationality qualifies the role asked: "New Zealand's foreign minister", "the German
    chancellor", "the foreign minister of New Zealand"; not "Which minister said Russia ...?"."""
    role = r"(?:" + "|".join(roles) + r")\b"
    after = re.match(r"(?:['’]s)?\s+(?:[a-z]+\s+){0,2}?" + role, question[m.end:], re.I)
    before = re.search(role + r"\s+of\s+(?:the\s+)?$", question[:m.start], re.I)
    return bool(after or before)


def _apposed(text: str, m: Mention, named: set[str]) -> bool:
    """ "Jakarta, Indonesia" when the question names Jakarta: the country only says where the named city is
    (unless a country is asked).
    "Laos, Vientiane" when it names Laos: the city is the finer place, which answers "where"."""
    if m.type != "place" or not country(m.text):
        return False
    before = re.search(r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)*),\s*$", text[max(0, m.start - 40):m.start])
    after = re.match(r",\s*([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)", text[m.end:m.end + 40])
    return any(g and set(name_key(g.group(1)).split()) <= named and name_key(g.group(1)) for g in (before, after))


def _possessive(text: str, m: Mention) -> bool:
    """ "Southeast Asia's ASEAN bloc": a place in the possessive qualifies a noun; it is not where."""
    return m.type == "place" and text[m.end:m.end + 2] in ("'s", "’s")


def _city_rank(q: Question, text: str, m: Mention) -> int:
    """For "which city": the city of "Jakarta, Indonesia" and of "the capital of Laos, Vientiane" first."""
    if q.target.lower() not in ("city", "capital", "town"):
        return 0
    if re.match(r",\s+[A-Z]", text[m.end:m.end + 3]) and not re.search(r"capital of\s*$", text[:m.start]):
        return 0
    if re.search(r"capital of [A-Z][\w ]+,\s*$", text[max(0, m.start - 40):m.start]):
        return 0
    return 1


def _runs(found: list[Mention], text: str) -> list[list[Mention]]:
    """Mentions joined by commas and "and" form one run: "Japan, Australia and New Zealand"."""
    runs: list[list[Mention]] = []
    found = [m for m in found if not _gloss(text, m)]
    for m in found:
        coord = _COORD_TITLED if m.type == "person" else _COORD
        if runs and coord.match(text[runs[-1][-1].end:m.start]) and runs[-1][-1].type == m.type:
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _chosen(choices: tuple[str, ...], text: str) -> list[Mention]:
    """The mentions of the choices in `text`, each named as the choice: "Japanese Prime Minister Fumio Kishida"
    mentions Japan. (("Japan", "Australia"), "... a summit with Japanese Prime Minister ...") -> [Mention("Japan",
    ...)]"""
    keys = {name_key(c): c for c in choices}
    by_country = {country(c): c for c in choices if country(c)}
    out = []
    for m in mentions(text):
        choice = keys.get(name_key(m.text)) or (by_country.get(country(m.text)) if m.type == "nationality" else None)
        if choice:
            out.append(Mention(choice, m.type, m.start, m.end))
    return out


def _clause_anchors(q: Question, text: str, m: Mention) -> float:
    """How many of the question's focus words the mention's clause holds: "Netherlands" in "..., while
    solidifying semiconductor collaboration with the Netherlands" has two, each as asked (3.0)."""
    start = max(text.rfind(x, 0, m.start) for x in (",", ";", " while ", " but ", " whereas "))
    ends = [i for i in (text.find(x, m.end) for x in (",", ";", " while ", " but ", ".")) if i >= 0]
    clause = text[start + 1:min(ends, default=len(text))]
    # the words as asked count again: "semiconductor collaboration" beats "cooperation" folded to it
    asked = {w.lower()[:6] for w in q.focus}  # the word as asked, its first letters: no synonym folded
    written = {w.lower()[:6] for w in re.findall(r"[A-Za-z]+", clause)}
    return len(content_stems(clause) & q.focus_stems) + 0.5 * len(written & asked)


def _title_only(name: str) -> bool:
    """A title with no name: "New Zealand Prime Minister" (the tagger may call it a person) names nobody."""
    rest = " ".join(w for w in name.split() if w.lower() not in TITLES)
    return not rest or bool(country(rest))


def _gloss(text: str, m: Mention) -> bool:
    """The mention is a name's short form in brackets after it: "the Democratic People's Republic of Korea (DPRK)"."""
    return text[max(0, m.start - 2):m.start].endswith("(") and text[m.end:m.end + 1] == ")" and \
        bool(re.search(r"[A-Za-z]\s*\($", text[:m.start]))


def _anchors(q: Question, text: str) -> list[int]:
    """Offsets in `text` of the question's focus words and names."""
    keys = q.anchor_stems
    return [m.start() for m in re.finditer(r"[A-Za-z0-9]+", text) if content_stems(m.group()) & keys]


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text.strip()))


_REPORTS_AFTER = re.compile(r"^\s*(?:has |had |also |first )?(?:reported|reports|wrote|writes|quoted|cited|revealed|"
                            r"said in a report|broke the news)\b", re.I)
_REPORTS_BEFORE = re.compile(r"(?:according to|reported by|as reported by|citing|quoted by|told|written by|"
                             r"^by)\s+$", re.I)


def credited(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is a report's source. ("..., the New York Times reported", 6, 24) -> True"""
    before = re.sub(r"\bthe\s+$", "", text[max(0, start - 30):start], flags=re.I)
    return bool(_REPORTS_AFTER.match(text[end:]) or _REPORTS_BEFORE.search(before))
