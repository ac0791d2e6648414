"""What a question asks: the expected answer type, the focus an answer must be about, and its constraints.

Pure functions over the question's text; no model, no store.

    analyse("Did Kishida share Yoon's concerns about Russia-North Korea cooperation?")
    -> Question(answer_type="yes_no", focus=("share", "concerns", "cooperation"),
                names=("Kishida", "Yoon", "Russia", "North Korea"), ...)
    analyse("How many troops has North Korea sent to Russia?")
    -> Question(answer_type="number", focus=("troops", "sent"), names=("North Korea", "Russia"), ...)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rag.language.entities import mentions, parts_of_speech
from rag.language.words import DETERMINERS, content_stems, find_names, name_key, phrasal, stem

ANSWER_TYPES = ("yes_no", "person", "organisation", "place", "date", "number", "list", "reason", "description",
                "timeline", "agreement", "provenance")
# What a metadata question asks for.
PROVENANCE_FIELDS = ("author", "outlet", "agency", "date", "title")

_AUX = set("""is are was were did does do has have had can could will would should may might must""".split())
_WH = set("""what which who whom whose when where why how""".split())
# Head nouns of "which/what <noun>" -> the kind of thing asked for (singular stems).
_TYPE_NOUNS = {
    "person": """leader official minister president premier person people man men woman women politician
        chancellor diplomat spokesperson spokesman spokeswoman general king queen ceo player individual envoy
        ambassador head chief figure lawmaker senator secretary prince founder executive star singer artist actor
        actress athlete coach quarterback manager owner musician rapper celebrity entrepreneur billionaire investor
        judge candidate representative delegate participant attendee speaker negotiator""",
    "place": """country countrie nation city citie capital town venue place region port location state province
        island continent area border site""",
    "organisation": """organisation organization company companie group alliance body bloc party firm institution
        government ministry union bank network team club office council platform retailer startup brand league
        exchange""",
    "date": "year day date month time week decade",
    "number": "number amount percentage proportion total count",
}
_COPULAR = re.compile(r"^\s*(?:who|what) (?:is|was|are|were) the\b", re.I)
_GENERIC = {stem(w) for w in "individual person people man woman company organisation organization entity firm name".split()}
_NOUN_TYPE = {stem(w): t for t, words in _TYPE_NOUNS.items() for w in words.split()}
_PROVENANCE_NOUN = re.compile(
    r"\b(?:outlet|newspaper|paper|publication|site|website|media|masthead|news organi[sz]ation|publisher)s?\b", re.I)
_AGENCY = re.compile(r"\b(?:news agenc(?:y|ies)|wire(?: service)?|agency|agencies|news service)\b", re.I)
_AUTHOR = re.compile(r"\b(?:who wrote|author|authors|byline|reporter|journalist|writer|written by|who penned)\b", re.I)
_ARTICLE = r"(?:story|stories|article|articles|report|reports|piece|pieces|item|coverage|dispatch)"
_PUBLISHED = re.compile(
    r"\b(?:when (?:was|were|did) (?:the |this |that )?(?:\w+ ){0,4}" + _ARTICLE + r"\b.*\b(?:published|posted|"
    r"written|run|released|out|dated|appear)|what (?:date|day) (?:is|was|are|were) (?:the |this |that )?(?:\w+ ){0,4}"
    + _ARTICLE + r"|(?:publication|publishing) date|date of (?:the |this )?" + _ARTICLE + r"|dated\b)", re.I)
# "Who ran / carried / published the story ...?" asks for the outlet.
_WHO_PUBLISHED = re.compile(r"\b(?:who|which \w+) (?:ran|run|runs|carried|carries|published|publishes|printed)\b", re.I)
_TIMELINE = re.compile(
    r"\b(?:in (?:what|which) order|what order|chronolog\w*|timeline|sequence of|what happened (?:first|next|last)|"
    r"which came first|came first|happened first|put .{3,80} in order|put in order|order these|order the|"
    r"order of events|"
    r"how (?:did|has|have) .{3,80} (?:change|evolve|develop)\w* (?:between .{2,60} and|from .{2,60} to))\b", re.I)
# an agreement word as what is asked, not a noun of a clause ("support for Israel in the conflict")
_AGREEMENT = re.compile(
    r"(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bthat )(?<!\bits )(?<!\btheir )\b(?:agree|agrees|disagree|disagrees|differ|differs|conflict|contradict|consistent|consistency|"
    r"inconsistent|inconsistency|inconsistencies|"
    r"the same (?:date|figure|number|account|thing)|say the same)\b", re.I)
_ABOUT_REPORTS = re.compile(r"\b(?:reports?|articles?|sources?|outlets?|stories|accounts?|coverage|both|all)\b", re.I)
# "Do both reports say ...?", "Do the two articles report ...?": is a fact stated by more than one report
_BOTH_SAY = re.compile(r"^\s*(?:do|did|does)\s+(?:both|all|the two|the)\s+(?:\w+\s+){0,6}?(?:reports?|articles?|"
                       r"accounts?|stories|outlets|sources)\b.{0,80}?\b(?:say|report|state|describe|mention)\b", re.I)


def _several_say(q: str) -> bool:
    """ "Do both reports say ...?", "Do the NATO report and the Jakarta report say ...?": more than one report
    asked about; "Did the Jakarta report say ...?" asks one report, a yes or no."""
    m = _BOTH_SAY.search(q)
    return bool(m) and bool(re.search(r"\b(?:both|all|two|three|and)\b|\b(?:reports|articles|accounts|stories|outlets|sources)\b",
                                      m.group(0), re.I))


_NUMBER_Q = re.compile(r"\bhow (?:many|much|long|often|old|far|big|large|high|low)\b|\bby how much\b|"
                       r"\bwhat (?:number|amount|percentage|share|proportion|total|size)\b", re.I)
# "How has trade changed / grown?" asks by how much: "doubled"
_CHANGE_Q = re.compile(r"^\s*how (?:has|have|did|had)\b.{3,80}\b(?:change|grow|grown|rise|risen|fall|fallen|increase|"
                       r"decrease|expand|shrink|shrunk)\w*\b", re.I)
# "after the Yoon-Luxon summit", "at the 2024 NATO summit": the occasion sets the scene; it is not what an answer
# must be about (the article must report it: its names are checked against the article).
_EVENT_PHRASE = re.compile(r"\b(?:at|after|before|during|on the sidelines of|following)\s+(?:the\s+|their\s+|his\s+|"
                           r"her\s+)?(?:[\w'’-]+\s+){0,4}?(?:summit|meeting|meetings|talks|conference|gathering|"
                           r"visit|session)\b", re.I)
_DATE_Q = re.compile(r"\bwhen\b|\bsince when\b|\b(?:what|which) (?:year|day|date|month|time|week)\b", re.I)
_PLACE_Q = re.compile(r"\bwhere\b", re.I)
_REASON_Q = re.compile(r"\bwhy\b|\bfor what reason\b|\bwhat reason\b|\bwhat (?:led|caused|prompted|drove)\b|\bon what grounds\b|"
                       r"\bwhat (?:is|was|are|were) the (?:purpose|aim|goal|objective|point)s? of\b", re.I)
_LIST_Q = re.compile(r"\b(?:name|list) (?:the|all|every)\b|\bwhat are the\b|\bwhich are the\b", re.I)
_CHOICE = re.compile(r"\bor\b", re.I)
_META_WORDS = set("""article articles story stories outlet outlets newspaper newspapers agency agencies source
sources report reports reported mention mentioned mentions credit credited cite cited wrote write written
piece pieces publication published run ran carried carry coverage according across""".split())
# Nouns that, after a name, say what kind of thing it is ("the IP4 group", "the ASEAN bloc").
_CLASSIFIERS = set("""group grouping bloc alliance organisation organization body coalition forum club
union association""".split())
# Words a question uses to ask, not to say what it is about.
_ASKING = set("""many much long often old far big large happen happened happen take took place order first
purpose aim goal objective along alongside beside amid toward towards via onto throughout regarding concerning
kind type sort name names list give gave describe described mention mentioned say said tell told make up time
times anyone anybody someone somebody anything something everyone everybody""".split())  # "was anyone from
# Russia there?": whoever it is, no word an answer must hold
# words that frame a reported act rather than state one: "accused of providing", "said to plan"
_FRAMING = set("""accused alleged said reported believed suspected thought claimed expected rumoured rumored
known understood""".split())
# words that name what something is: "call the transfers a breach", "describe the ties as a threat"
NAMING = re.compile(r"(?:call|describ|characteri[sz]|label|term|brand|view|regard|deem)(?:s|e|es|ed|led|ing)?")
_NUMBER_WORDS_ORDER = "one two three four five six seven eight nine ten eleven twelve".split()
_NUMBER_WORDS = set(_NUMBER_WORDS_ORDER) | {"dozen"}
_PREPOSITIONS = {"to", "in", "on", "at", "with", "from", "by", "for", "into", "over", "after", "before", "between"}
_WHAT_IS = re.compile(r"^\s*what (?:is|was|are|were) the\b", re.I)
_EXCLUDING = {"besides", "except", "excluding", "aside", "apart", "else"}  # "besides South Korea" sets a name aside


@dataclass(frozen=True)
class Question:
    """The analysis of one (standalone) question."""

    text: str
    answer_type: str  # one of ANSWER_TYPES
    focus: tuple[str, ...] = ()  # words (not names) an answering sentence must cover: "trade deal ... sign"
    names: tuple[str, ...] = ()  # names the question mentions: constraints every answer must respect
    item_type: str = ""  # for a list: the type of its items (place, person, organisation, or "" for things)
    target: str = ""  # the head noun of "which/what <noun>": "countries", "leader"
    provenance: str = ""  # for provenance questions: author, outlet, agency, date or title
    places: tuple[str, ...] = ()  # constraint: "at the summit in Vientiane" -> ("Vientiane",)
    count: int = 0  # a list question's stated size: "which six countries" -> 6
    modifiers: tuple[str, ...] = ()  # words qualifying the target: "which Russian official" -> ("Russian",)
    constraints: dict = field(default_factory=dict)
    choices: tuple[str, ...] = ()  # "which of Germany, Canada and the Netherlands ...?": the options, not constraints
    aside: tuple[str, ...] = ()  # names set aside: "who else besides Yoon ...?" -> ("Yoon",); never the answer
    aside_role: str = ""  # one set aside by a role: "besides the South Korean president" -> "South Korean president"

    @property
    def search(self) -> str:
        """What to retrieve with: the question without the framing of an agreement or order question.
        "Do the reports agree on when Luxon took office?" -> "when Luxon took office" """
        if self.answer_type not in ("agreement", "timeline"):
            return self.text
        text = re.sub(r"^\s*(?:do|does|did|are|is|were|was)\s+(?:the\s+|both\s+|all\s+)?(?:two\s+)?"
                      r"(?:reports?|articles?|sources?|outlets?|stories|accounts?)\s+(?:\w+\s+)?"
                      r"(?:agree|disagree|differ|conflict|consistent)\w*\s+(?:on|about|over|in|as to|whether)?\s*",
                      "", self.text, flags=re.I)
        text = re.sub(r"^\s*in (?:what|which) order\s+(?:did|do|were|was)?\s*", "", text, flags=re.I)
        return text or self.text

    @property
    def focus_stems(self) -> set[str]:
        return {s for w in self.focus for s in content_stems(w)}

    @property
    def name_stems(self) -> set[str]:
        """The stems of the names an answer is about (not those set aside)."""
        return {s for n in self.names if n not in self.aside for s in content_stems(n)}

    @property
    def anchor_stems(self) -> set[str]:
        """The words a sentence about this question has some of: its focus and its names."""
        return self.focus_stems | self.name_stems

    @property
    def wants_entity(self) -> str:
        """The entity type an answer must hold: "person", "place", ... or "" when any sentence on the focus
        can answer (description, reason)."""
        if self.answer_type == "list":
            return self.item_type
        return self.answer_type if self.answer_type in ("person", "organisation", "place", "date", "number") else ""


def analyse(text: str) -> Question:
    """Question text -> Question. Pure and fast (regular expressions and the name finder).

    "Which Japanese leader did Yoon meet?" -> answer_type "person", target "leader", focus ("japanese", "meet")
    "With which six countries did Yoon hold bilateral meetings?" -> "list" of "place", count 6
    "which outlet ran the piece by anna j. park?" -> "provenance", provenance "outlet"
    """
    q = _plain(" ".join(text.split()))
    words = re.findall(r"[A-Za-z0-9'’-]+", q)
    first = words[0].lower() if words else ""
    every_name = _names(q)
    names = every_name
    aside = tuple(n for n in names if n not in _set_aside(q, names))
    role = _ROLE_ASIDE.search(q)
    aside_role = role.group("role") if role else ""
    target, head_type, plural, count, modifiers = _target(q)
    answer_type, item_type, prov = _classify(q, first, target, head_type, plural)
    events = tuple(m.group(0) for m in _EVENT_PHRASE.finditer(q))
    # "Who is the president of ...?" is about the presidency; "Who is the individual ...?" about nothing more
    dropped = target if head_type and (not _COPULAR.match(q) or stem(target.lower()) in _GENERIC) else ""
    focus = _focus(phrasal(_EVENT_PHRASE.sub(" ", _TRUE_THAT.sub("", q))), every_name, dropped)  # "brush off": one word
    if aside_role:  # "besides the South Korean president": whom the answer is not, no word it must hold
        focus = tuple(w for w in focus if not content_stems(w) <= content_stems(aside_role))
    if answer_type in ("agreement", "timeline"):  # "do the reports agree on ...": the framing is not the topic
        focus = tuple(w for w in focus if not _AGREEMENT.fullmatch(w) and not _ABOUT_REPORTS.fullmatch(w)
                      and w not in ("order", "happened", "first", "change", "changed"))
    choices, kind = _choices(q)
    if choices:  # the answer is one of the options, of their type; options constrain nothing
        keys = {name_key(c) for c in choices}
        answer_type, names = kind, tuple(n for n in names if name_key(n) not in keys)
    return Question(text=q, answer_type=answer_type, focus=focus, names=names, item_type=item_type,
                    target=target, provenance=prov, places=_places(q), count=count, modifiers=modifiers,
                    constraints={"events": events} if events else {}, choices=choices, aside=aside,
                    aside_role=aside_role)


_CONTRACTED = re.compile(r"\b(what|who|where|when|how|which)['’]s\b", re.I)
# "Name the country that ...", "List all the leaders who ...": a command asking "which"
_COMMAND = re.compile(r"^\s*(?:please\s+)?(?:name|list|identify|give|state|mention)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?"
                      r"(?:the|every|each|(?=(?:\d+|" + "|".join(_NUMBER_WORDS_ORDER) + r")\s))\s*", re.I)


# "Is it true that X?" asks whether X
_TRUE_THAT = re.compile(r"^\s*(?:is|was)\s+it\s+(?:really\s+)?(?:true|correct|right|accurate|the case)\s+that\s+", re.I)


def _plain(q: str) -> str:
    """The question in the form the rules read: contractions spelled out, a command as "which".
    "what's the name of the prime minister" -> "what is the name of the prime minister";
    "Name the country that Kim plans to visit." -> "Which country that Kim plans to visit." """
    q = _CONTRACTED.sub(lambda m: m.group(1) + " is", q)
    m = _COMMAND.match(q)
    return "Which " + q[m.end():] if m and q[m.end():m.end() + 1].isalnum() else q


_ASIDE = re.compile(r"\b(?:besides|except(?: for)?|excluding|other than|apart from|aside from)\s+(?:the\s+)?"
                    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


_ROLE_ASIDE = re.compile(r"\b(?:besides|except(?: for)?|excluding|other than|apart from|aside from)\s+(?:the\s+)?"
                         r"(?P<role>(?:[A-Z][\w'’.-]*\s+){0,3}(?:" + "|".join(sorted(_TYPE_NOUNS["person"].split())) +
                         r")s?)\b")


def _set_aside(q: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names a question sets aside are no names an answer must be about (and, being the question's words,
    never the answer): "Which countries belong to the IP4 besides South Korea?" -> ("IP4",)"""
    aside = {name_key(m.group("name")) for m in _ASIDE.finditer(q)}
    return tuple(n for n in names if name_key(n) not in aside) if aside else names


_WHICH_OF = re.compile(r"^\s*(?:and\s+)?(?:with |to |from |in |of |for )?which of (?P<set>.+?)\s+(?:did|does|do|is|was|were|"
                       r"are|has|have|had|will|would|can)\b", re.I)


def _choices(q: str) -> tuple[tuple[str, ...], str]:
    """ "Which of Germany, Canada and the Netherlands did Yoon ...?" -> (("Germany", "Canada", "Netherlands"),
    "place"); no named options -> ((), "")."""
    m = _WHICH_OF.match(q)
    if not m:
        return (), ""
    found = [x for x in mentions(m.group("set")) if x.type in ("place", "person", "organisation", "nationality")]
    if len(found) < 2:
        return (), ""
    kinds = [("place" if x.type == "nationality" else x.type) for x in found]
    return tuple(re.sub(r"^the\s+", "", x.text, flags=re.I) for x in found), max(set(kinds), key=kinds.count)


def _classify(q: str, first: str, target: str, head_type: str, plural: bool) -> tuple[str, str, str]:
    """-> (answer type, list item type, provenance field). The question's own wh-word decides, not one of a
    relative clause ("Who is the player ... in a game where his team won?" asks who)."""
    prov = _provenance(q, first, target)
    if prov:
        return "provenance", "", prov
    if _TIMELINE.search(q):
        return "timeline", "", ""
    lead = _LEAD_CLAUSE.match(q)
    reports = _ABOUT_REPORTS.search(q)  # the reports may be named in the leading clause
    if lead:  # "Between the report from X and the one from Y, is there consistency ...?"
        first = lead.group(1).lower()
        q = q[lead.start(1):]
    if first in _AUX and ((_AGREEMENT.search(q) and reports) or _several_say(q)):
        return "agreement", "", ""
    if first in _AUX and not _CHOICE.search(q):
        return "yes_no", "", ""
    if first in _AUX:  # "Was it X or Y?" asks to choose: a description of which
        return "description", "", ""
    wh = re.search(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", q, re.I)
    asked = q[wh.start():] if wh else q
    if _NUMBER_Q.match(asked) or _CHANGE_Q.search(q):
        return "number", "", ""
    if head_type == "date" or (_DATE_Q.match(asked) and not target):
        return "date", "", ""
    if plural and target:
        return "list", head_type if head_type in ("place", "person", "organisation") else "", ""
    if head_type in ("place", "person", "organisation", "number"):
        return head_type, "", ""
    if _PLACE_Q.match(asked):
        return "place", "", ""
    if re.match(r"(?:who|whom) else\b", asked, re.I):  # "Who else attended?": everyone else, a list
        return "list", "person", ""
    if re.match(r"(?:who|whom|whose)\b", asked, re.I):
        return "person", "", ""
    if _REASON_Q.match(asked):
        return "reason", "", ""
    if _LIST_Q.search(q):
        return "list", "", ""
    return "description", "", ""


# A question that opens with its setting: "Between A and B, is there ...?", "After the report by X, did Y ...?"
_LEAD_CLAUSE = re.compile(r"^\s*(?:between|after|before|following|considering|given|according to|based on|in light "
                          r"of)\b[^?]*?,\s*(" + "|".join(sorted(_AUX)) + r")\b", re.I)


def _provenance(q: str, first: str, target: str) -> str:
    """The metadata field a question asks for, or "". Case does not matter: "which outlet ran the piece by
    anna j. park?" -> "outlet"."""
    if re.search(r"\bwhich (?:of the )?" + _ARTICLE + r"\b.{0,40}\b(?:dated|published|from|carr\w+|ran|run)\b", q, re.I):
        return "outlet"  # "which reports are dated ...?" asks which outlets
    if _PUBLISHED.search(q):
        return "date"
    if re.search(r"\b(?:headline|headlines|headlined|titled)\b", q, re.I) or (re.search(
            r"\btitle\b", q, re.I) and not re.search(r"(?:\b(?:his|her|their|whose|official|job)|[A-Z][\w-]*['’]s)\s+(?:\w+\s+)?title\b", q)):
        return "title"  # "his title" is a person's rank, not a headline
    if target and _PROVENANCE_NOUN.fullmatch(target):  # "what paper ran the piece written by X?" asks the paper
        return "outlet"
    if _AUTHOR.search(q):
        return "author"
    if _AGENCY.search(q) and re.search(r"\b(?:which|what|who|name)\b", q, re.I):
        return "agency"
    if _PROVENANCE_NOUN.fullmatch(target) or re.search(r"\b(?:which|what)\s+(?:\w+\s+)?" + _PROVENANCE_NOUN.pattern,
                                                        q, re.I):
        return "outlet"
    if _WHO_PUBLISHED.search(q) and re.search(_ARTICLE, q, re.I):
        return "outlet"
    if re.match(r"\s*(?:and\s+)?who (?:first\s+)?(?:reported|reports|broke|revealed)\b", q, re.I):
        return "outlet"  # "Who reported Kim's planned trip?": the outlet, or the source the text credits
    return ""


def _target(q: str) -> tuple[str, str, bool, int, tuple[str, ...]]:
    """The head noun of "which/what <noun>" -> (noun, its type, plural, stated count, words before it).

    "With which six countries did Yoon hold talks?" -> ("countries", "place", True, 6, ("six",))
    "Which Japanese leader did he meet?" -> ("leader", "person", False, 0, ("Japanese",))
    """
    m = re.search(r"\b(?:(?:who|what) (?:is|was|are|were) the(?: names? of the)?|which|what)\s+(?:(?:kinds?|types?|sorts?) of\s+)?((?:[\w'’.-]+,?\s*){1,7})", q, re.I)
    if not m:
        return "", "", False, 0, ()
    span = []
    words = m.group(1).split()
    for i, w in enumerate(words):
        bare = w.strip(",?:;")
        bare = bare if re.fullmatch(r"(?:[A-Z]\.)+", bare) else bare.rstrip(".")  # "U.S." keeps its dots
        if bare.lower() in _AUX or bare.lower() in ("of", "the", "a", "an") or not bare:
            break
        if bare.lower() in ("and", "or") and span and span[-1][:1].isupper():
            continue  # "U.S., Chinese and Russian representatives": a run of modifiers
        span.append(bare)
        after = words[i + 1] if i + 1 < len(words) else ""
        in_run = w.endswith(",") and bare[:1].isupper() and (after[:1].isupper() or after in ("and", "or"))
        if bare != w and not in_run:
            break  # punctuation ends the phrase, but for a comma in a run of names
    count = 0
    for w in span:
        if w.lower() in _NUMBER_WORDS:
            count = 12 if w.lower() == "dozen" else list(_NUMBER_WORDS_ORDER).index(w.lower()) + 1
        elif w.isdigit():
            count = int(w)
    if span and re.fullmatch(r"[a-z]+(?:ed|ing)", span[0]) and (len(span) == 1 or span[1].lower() in _PREPOSITIONS):
        return "", "", False, count, ()  # "What happened to the border crossings?" asks what happened, no kind
    if span and re.fullmatch(r"[a-z]+s", span[0]) and m.group(0).lower().lstrip().startswith("what") \
            and parts_of_speech(q).get(span[0]) == "VERB":
        return "", "", False, count, ()  # "What threatens the reefs?": "what" is the subject, no kind of thing
    for i, w in enumerate(span):  # the first word with a known type decides ("Japanese leader" -> leader)
        whose = re.fullmatch(r"([a-z]+)['’]s?", w)  # "which country's leader ...?" asks which country
        if whose and _NOUN_TYPE.get(stem(whose.group(1))):
            return whose.group(1), _NOUN_TYPE[stem(whose.group(1))], _plural(whose.group(1)) or count > 1, count, tuple(span[:i])
        t = _NOUN_TYPE.get(stem(w.lower()))
        after = span[i + 1] if i + 1 < len(span) else ""
        if t and _WHAT_IS.match(q) and re.fullmatch(r"[a-z]+", after) and after not in _PREPOSITIONS \
                and not _NOUN_TYPE.get(stem(after)):
            break  # it qualifies the noun after it: "what is the official name ...?" asks a name, no official
        if t:
            return w, t, _plural(w) or count > 1, count, tuple(span[:i])
    if not span or re.fullmatch(r"[a-z]+(?:ed|ing)", span[0]) or _COPULAR.match(m.group(0)):
        return "", "", False, count, ()  # "What is the trade deal?" asks a description, not a kind of thing
    head = next((w for w in span[1:] if re.fullmatch(r"[a-z]+(?:ed|ing)", w)), "")
    words = span[: span.index(head)] if head else span[:3]
    head = words[-1] if words else ""
    if not head or head.lower() in _WH:
        return "", "", False, count, ()
    return head, "", _plural(head) or count > 1, count, tuple(words[:-1])


def people_noun(word: str) -> bool:
    """A plural noun for people, which names in a sentence can stand for: "leaders", "ministers", "officials"."""
    return _NOUN_TYPE.get(stem(word.lower())) == "person" and _plural(word)


def _plural(word: str) -> bool:
    """ "countries" -> True, "summits" -> True, "press" -> False, "people" -> True"""
    w = word.lower()
    return w in ("people", "men", "women", "media") or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")))


def _names(q: str) -> tuple[str, ...]:
    """Names the question mentions, without its first word when that is a question word.
    "Did Kishida meet Yoon in Washington?" -> ("Kishida", "Yoon", "Washington")"""
    out = []
    for n in find_names(q):
        words = n.split()
        if words and words[0].lower() in _AUX | _WH:
            n = " ".join(words[1:])
        if n and n.lower() not in _AUX | _WH:
            out.append(n)
    return tuple(dict.fromkeys(out))


def _focus(q: str, names: tuple[str, ...], target: str) -> tuple[str, ...]:
    """The question's words that say what it is about: not names, question words, words about the articles
    or the type asked for. "What trade deal did South Korea and New Zealand sign?" -> ("trade", "deal", "sign")"""
    named = {s for n in names for s in content_stems(n)}
    skip = {stem(target.lower())} if target else set()
    out = []
    previous = ""
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9'’-]*", q):
        w, before, previous = m.group(), previous, m.group()
        low = re.sub(r"['’]s?$", "", w.lower())
        if low in _CLASSIFIERS and before[:1].isupper() and content_stems(before) <= named:
            continue  # "the IP4 group": what kind of thing the name is, not what the question asks
        if low in _RANK_WORDS and (before.endswith(("'s", "’s")) or before.lower() in ("his", "her", "their")):
            continue  # "What is Lavrov's title?" asks the title: no sentence need say the word
        if low == "part" and before.lower() in ("take", "takes", "took", "taken", "taking"):
            continue  # "take part" is an act, not a part
        if low in _FRAMING | {"accuse", "accuses"} and re.match(r"\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:of|to)\s+[a-z]", q[m.end():]):
            continue  # "Iran is accused of providing ...": what Iran provides is asked, the framing is not
        if NAMING.fullmatch(low) and re.match(r"(?:\s+[\w'’.-]+){1,8}?\s+(?:as|an?)\s", q[m.end():]):
            continue  # "Did Yoon call the transfers a breach ...?": what the transfers are is asked
        stems = content_stems(low)
        if not stems or low in _WH or low in _AUX or low in _APPROXIMATE or low in _META_WORDS or low in _ASKING or low in _NUMBER_WORDS \
                or low in _EXCLUDING:
            continue
        if stems <= named or stems <= skip:
            continue
        out.append(low)
    return tuple(dict.fromkeys(out))


def _places(q: str) -> tuple[str, ...]:
    """Places the question puts its event in: "the ASEAN summit in Vientiane" -> ("Vientiane",)"""
    return tuple(dict.fromkeys(m.group(1) for m in re.finditer(r"\bin ([A-Z][\w-]+(?: [A-Z][\w-]+)*)", q)))


_RANK_WORDS = {"title", "position", "job", "role", "post", "rank"}
_APPROXIMATE = {"roughly", "approximately", "nearly", "almost", "around", "circa"}  # how exact, not what is asked


def statement(q: Question) -> str:
    """A yes/no question as the statement it asks about (for the verifier).
    "Did Kishida share Yoon's concerns?" -> "Kishida share Yoon's concerns"
    "Was the summit held in Brussels?" -> "the summit was held in Brussels"
    "Did the Lima report say the mayor resigned?" -> "the mayor resigned" """
    text = q.text.rstrip(" ?.!")
    if _TRUE_THAT.match(text):
        return _TRUE_THAT.sub("", text)
    words = text.split()
    if not words or words[0].lower() not in _AUX:
        return text
    aux, rest = words[0].lower(), words[1:]
    if aux in ("did", "does", "do"):
        said = _ONE_SAYS.match(" ".join(rest))  # "Did the Jakarta report say X?" asks whether X
        return " ".join(rest)[said.end():] if said else " ".join(rest)
    # "Was the summit held ..." -> put the auxiliary back after the subject: before its first participle
    # ("Was the summit in Vientiane attended by X" -> "the summit in Vientiane was attended by X"), else before
    # the first word that cannot end a noun phrase
    tags = parts_of_speech(" ".join(rest))
    for i, w in enumerate(rest[1:], start=1):
        participle = ((re.fullmatch(r"[a-z]+(?:ed|en|ing)", w) and tags.get(w, "VERB") in ("VERB", "AUX"))
                      or w.lower() in ("held", "made", "met", "led", "won", "seen"))  # not "between"
        if participle and rest[i - 1].lower() not in DETERMINERS:  # "Was the meeting ...": a noun
            i -= i > 1 and tags.get(rest[i - 1].lower()) == "ADV"  # "trade has roughly doubled"
            return " ".join(rest[:i] + [aux] + rest[i:])
        after = rest[i + 1].lower() if i + 1 < len(rest) else ""
        if (tags.get(w.lower()) == "ADJ" and tags.get(rest[i - 1].lower().rstrip(",")) in ("NOUN", "PROPN")
                and tags.get(after, "ADP") not in ("NOUN", "PROPN", "ADJ")):  # "the leaders silent on ..."
            return " ".join(rest[:i] + [aux] + rest[i:])
    for i, w in enumerate(rest[1:], start=1):
        if w.lower() in ("a", "an", "the", "in", "at", "on", "his", "her", "their", "its", "among", "of", "from", "with",
                         "by", "for", "to", "into", "over", "under", "between", "still", "also", "not"):
            return " ".join(rest[:i] + [aux] + rest[i:])
    at = len(rest) - 1 if rest[0].lower() in DETERMINERS and len(rest) > 2 else 1  # "the meeting | productive"
    return " ".join(rest[:at] + [aux] + rest[at:])


_IRREGULAR_PAST = dict(w.split(":") for w in """be:was become:became begin:began break:broke bring:brought build:built
buy:bought choose:chose come:came cut:cut do:did draw:drew drive:drove eat:ate fall:fell feel:felt fight:fought find:found
fly:flew forget:forgot get:got give:gave go:went grow:grew have:had hear:heard hide:hid hold:held keep:kept know:knew
lay:laid lead:led leave:left lend:lent let:let lose:lost make:made mean:meant meet:met pay:paid put:put read:read
rise:rose run:ran say:said see:saw seek:sought sell:sold send:sent set:set shake:shook shut:shut sing:sang sit:sat
speak:spoke spend:spent stand:stood steal:stole strike:struck swear:swore take:took teach:taught tell:told think:thought
throw:threw understand:understood win:won withdraw:withdrew write:wrote""".split())


def reported(q: Question) -> str:
    """The statement a "did/does" question asks about, its verb in the question's tense, for saying what the
    articles do not state: "Did Yoon describe the ties as a threat?" -> "Yoon described the ties as a threat";
    "Does NATO back it?" -> "NATO backs it"; other questions as `statement`."""
    text = statement(q)
    aux = q.text.split()[0].lower() if q.text.split() else ""
    if aux not in ("did", "does"):
        return text
    from rag.language.parse import parse  # spaCy's tagger finds the bare verb; loaded only when needed

    verb = next((t for t in parse(text) if t.tag_ in ("VB", "VBP") and t.dep_ in ("ROOT", "conj")), None)
    if verb is None:
        return text
    word = verb.text
    if aux == "did":
        low = word.lower()
        new = _IRREGULAR_PAST.get(low) or (low + "d" if low.endswith("e") else low[:-1] + "ied"
                                           if re.search(r"[^aeiou]y$", low) else low + "ed")
    else:
        new = word + ("es" if re.search(r"(?:s|sh|ch|x|z|o)$", word) else "s")
        new = re.sub(r"([^aeiou])ys$", r"\1ies", new)
    return text[:verb.idx] + new + text[verb.idx + len(word):]


_ONE_SAYS = re.compile(r"(?:the|this|that|its)\s+(?:[\w'’.-]+\s+){0,4}?(?:report|article|story|account|statement|"
                       r"declaration|piece)\s+(?:say|report|state|mention|claim)\s+(?:that\s+)?(?=\S+\s+\S+\s+\S)", re.I)


def said_claim(text: str) -> str:
    """The claim a "do both reports say ...?" question asks about, or "".
    "Do both reports say Yoon and Luxon condemned the exports?" -> "Yoon and Luxon condemned the exports" """
    for m in _SAYS.finditer(text):
        claim = text[m.end():].split("?")[0]
        if len(claim.strip()) < 8:
            continue
        if re.match(r"(?:(?:and|or|both|all|from|by|of|in|on)\b|,)", claim, re.I):
            continue  # "the NATO report and the Jakarta report both say ...": a report named, not the verb
        if re.match(r"(?:on|about|over|when|where|how|what|who|which|whether)\b", claim, re.I):
            return ""
        return claim.strip()
    return ""


_SAYS = re.compile(r"\b(?:say|says|report|state|mention|agree)\s+(?:that\s+)?", re.I)


def in_text(q: Question) -> Question:
    """A metadata question as a question about the story text, for when the metadata does not say:
    "Which newspaper reported X?" -> an organisation named in the text; other questions unchanged."""
    if q.answer_type != "provenance":
        return q
    kind = {"author": "person", "date": "date", "outlet": "organisation", "agency": "organisation"}.get(q.provenance, "")
    # the text must credit the source of a report: "the New York Times reported", not any name in the sentence
    return replace(q, answer_type=kind or "description", provenance="", constraints={**q.constraints, "source": q.provenance})


def located(question: str, name: str) -> bool:
    """The name is where something happens ("visit Beijing", "in Vientiane"), which only that place answers; a
    capital acting for its government ("Moscow and Pyongyang deny ...") may be named by its country.
    ("Will Kim visit Beijing?", "Beijing") -> True; ("Do Moscow and Pyongyang deny it?", "Moscow") -> False"""
    return bool(re.search(r"\b(?:in|at|to|from|visit|visits|visited|visiting|near)\s+(?:the\s+)?" + re.escape(name),
                          question, re.I))


def setting(question: str, name: str) -> bool:
    """The name sets the scene: it qualifies the occasion ("the Seoul summit") or follows "in", "at" or "during"
    ("Did Yoon meet Putin in Vientiane?", "Vientiane") -> True; (..., "Putin") -> False"""
    return attributive(question, name) or bool(re.search(
        r"\b(?:in|at|during)\s+(?:the\s+)?(?:\d{4}\s+)?" + re.escape(name) + r"\b", question))


def attributive(question: str, name: str) -> bool:
    """The name qualifies the noun after it, naming an occasion or a thing: "the Seoul summit", "the Jakarta
    talks". ("Was the Seoul summit held on a Wednesday?", "Seoul") -> True; ("... the leader of France?",
    "France") -> False"""
    m = re.search(re.escape(name) + r"\s+([a-z][\w-]*)", question)
    return bool(m) and parts_of_speech(question).get(m.group(1)) == "NOUN"
