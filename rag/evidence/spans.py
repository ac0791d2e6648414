"""The verbatim words of an answering sentence that answer a "what ..." question: the noun phrase of the thing
asked about, or what follows the asked act.

    phrase(analyse("What did NATO leaders urge China to do?"), "The leaders also urged China to cease all its
    support to Russia's war effort, saying ...") -> "cease all its support to Russia's war effort"
"""

from __future__ import annotations

import re

from rag.language.entities import parts_of_speech
from rag.language.words import TITLES, content_stems, plain_stems, stem
from rag.question.analysis import Question

MAX_PHRASE_WORDS = 12
MAX_REASON_WORDS = 24
MAX_SAID_WORDS = 32  # what a report says, when the sentence ends on who reported it
_STOPWORDS = {"a", "an", "the", "its", "their", "his", "her", "to", "of", "in", "on", "at", "with", "for", "and",
              "by", "from", "as", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been", "has",
              "have", "had", "will", "would", "also", "which", "who"}


def phrase(q: Question, text: str) -> str:
    """The words of an answering sentence that answer a "what ..." question, copied verbatim, or "":
    the noun phrase of the thing asked about ("what new dialogue" -> "a regular bilateral economic security
    dialogue" -> "regular bilateral economic security dialogue"), or what follows the asked act ("what did
    NATO urge China to do?" -> "cease all its support to Russia's war effort")."""
    asked = plain_stems(q.text)
    if q.answer_type == "reason":
        return _reason(text)
    for found in (_expansion(q, text), _defined(q, text), _manner(q, text), _happened(q, text), _rank(q, text),
                  _noun_phrase(q, text), _subject(q, text), _object(q, text),
                  _to_do(q, text)):
        if found and plain_stems(found) - asked:  # "North Korea's weapons" restates "what weapons ... North Korea"
            return found
    return ""


# What gives a reason: a cause, a purpose or what one thing answers.
CAUSE = re.compile(r"\b(?:because|due to|owing to|as a result|result(?:ed|s)? (?:in|from)|in order to|so that|"
                    r"in return for|in response to|in exchange for|aim(?:s|ed)? (?:to|at)|with the (?:goal|aim) of|"
                    r"in (?:a bid|an effort|an attempt) to|so as to|to (?:help|support|assist|"
                    r"counter|address|discuss|strengthen|secure|prevent|stop|avoid|fund|earn)|amid|for fear|"
                    r"over (?:concerns?|fears?)|largely over|, (?:saying|citing|arguing|warning)|driven by|caused by|lead(?:s|ing)? to|led to|"
                    r"why|reason)\b", re.I)


_SAID_REASON = re.compile(r"^,\s*(?:saying|citing|arguing|warning)\s+(?:that\s+)?", re.I)


def _reason(text: str) -> str:
    """The cause or purpose a sentence gives, verbatim to the end of its clause: "..., saying China's strategic
    partnership with Russia is causing a threat to the rule-based international order." -> "China's strategic
    partnership with Russia is causing a threat to the rule-based international order"; "... not taken place
    since 2019 because of tensions, largely over Japan's wartime past." -> "because of tensions, largely over
    Japan's wartime past"."""
    causes = [m for m in CAUSE.finditer(text) if m.group().lower() not in ("why", "reason")]
    # a cause stated outright before a purpose: "urged Iran to stop ..., saying ..." was urged to stop, for what it said
    causes.sort(key=lambda m: (m.group().lower().startswith(("to ", "amid", "aim")), m.start()))
    for m in causes:
        said = _SAID_REASON.match(text[m.start():])
        start = m.start() + said.end() if said else m.start()
        rest = re.split(r"[.;:\"“”]|,\s+(?:and|but|while|which|who)\b|,\s+(?:according to|the \w+ said)",
                        text[start:])[0]
        if not text[:start].strip(" \"“"):  # "In a bid to strengthen ties, they agreed ...": the opening clause
            rest = rest.split(",")[0]
        words = rest.split()
        if len(words) >= 2:
            return " ".join(words[:MAX_REASON_WORDS]).rstrip(",")
    return ""


_ACRONYM_Q = re.compile(r"\b(?i:what (?:does|do|did) (?:the )?)(?P<acr>[A-Z][A-Za-z0-9&.-]*[A-Z0-9])\s+(?i:stand for|mean)\b")
_COPULA_Q = re.compile(r"^\s*what (?:is|was|are|were) (?:the |an? )?(?P<rest>[^?]+?)\s*\?*\s*$", re.I)


def _expansion(q: Question, text: str) -> str:
    """ "What does IP4 stand for?" -> the words before "(IP4)" whose initials spell it: "Indo-Pacific Partners 4"."""
    m = _ACRONYM_Q.search(q.text)
    if not m:
        return ""
    acr = m.group("acr")
    at = re.search(r"\(\s*" + re.escape(acr) + r"\s*\)", text)
    if not at:
        return ""
    words = re.findall(r"[\w'’-]+", text[:at.start()])
    letters = [c for c in acr.lower() if c.isalnum()]
    for n in range(1, min(len(words), len(letters)) + 1):
        tail = words[-n:]
        initials = "".join(part[0] for w in tail for part in re.split(r"-", w) if part).lower()
        if initials == "".join(letters) or "".join(w[0] for w in tail).lower() == "".join(letters):
            return " ".join(tail)
    return ""


def _defined(q: Question, text: str) -> str:
    """ "What is the official name of North Korea?" against "DPRK is the official name of North Korea." -> "DPRK";
    against "The official name of North Korea is the DPRK." -> "the DPRK"."""
    m = _COPULA_Q.match(q.text)
    if not m:
        return ""
    want = content_stems(m.group("rest"))
    if not want:
        return ""
    for cop in re.finditer(r"\b(?:is|was|are|were)\s+", text):
        before = re.split(r"[,;:.\"“”—]\s*", text[:cop.start()])[-1].strip()
        after = re.split(r"[,;:.\"“”—]", text[cop.end():])[0].strip()
        if want <= content_stems(after) and before and len(before.split()) <= MAX_PHRASE_WORDS:
            return before
        if want <= content_stems(before) and after and len(after.split()) <= MAX_PHRASE_WORDS:
            return after
    return ""


def _noun_phrase(q: Question, text: str) -> str:
    """The noun phrase of the thing a "what <noun>" question asks about, up to six words before the noun."""
    words = list(re.finditer(r"[\w'’-]+", text))
    if q.target and not q.wants_entity:
        target = content_stems(q.target)
        at = next((i for i, w in enumerate(words) if content_stems(w.group()) & target), None)
        if at is not None:
            first = at
            while first > 0 and words[first - 1].group().lower() not in _STOPWORDS \
                    and not re.fullmatch(r"[a-z]+(?:ed|ing)", words[first - 1].group()) and at - first < 6:
                first -= 1
            if first < at:
                return text[words[first].start():words[at].end()]
    return ""


def _object(q: Question, text: str) -> str:
    """What follows the act a "what did X <verb>?" question ends on."""
    words = list(re.finditer(r"[\w'’-]+", text))
    act = asked_verb(q)
    if act:  # "what did they agree to launch?" -> what follows "launch" in the sentence
        for w in words:
            if _acts(stem(w.group().lower()), act):
                rest = text[w.end():]
                speech = bool(act & {stem(v) for v in SAY})
                said = _said_before(text, w) if speech else ""
                if said:
                    return said
                stop = r"[.;:\"“”]" if speech else r"[,.;:\"“”]|\s(?:to|with|for|in|at|on|that|which|who|after|before|as)\s"
                m = re.match(r"\s+(?:of\s+)?(?!(?:to|with|for|in|at|on|from|by|into)\b)(?:(?:a|an|the|that)\s+)?"
                             r"(?P<obj>.+?)(?=" + stop + r"|$)", rest)
                if m and len(m.group("obj").split()) >= 1:
                    return " ".join(m.group("obj").split()[:MAX_PHRASE_WORDS + 3 * speech])
    return ""


def _said_before(text: str, verb: re.Match) -> str:
    """What a speech verb ending its sentence reports: "A visit by Kim ... is partly to discuss supplying Moscow
    with weapons, the New York Times reported this week." -> "A visit by Kim ... supplying Moscow with weapons"."""
    tail = re.match(r"(?:\s+[\w'’-]+){0,3}\s*[.!?\"”]*\s*$", text[verb.end():])
    said = re.search(r"^(?P<said>.+?)[,\"”]+\s*(?:[\w'’.-]+\s+){0,5}$", text[:verb.start()])
    if not tail or not said:
        return ""
    words = said.group("said").strip(" \"“”").split()
    return " ".join(words) if 3 <= len(words) <= MAX_SAID_WORDS else ""


_RANK_Q = re.compile(r"^\s*(?i:and\s+)?(?i:what (?:is|was)) (?P<who>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)['’]s?\s+"
                     r"(?:title|position|job|role|post|rank)\s*\?*\s*$")


def _rank(q: Question, text: str) -> str:
    """ "What is Sergey Lavrov's title?" against "... and Russian Foreign Minister Sergey Lavrov" -> "Russian Foreign
    Minister": the capitalised title words the sentence puts before the name."""
    m = _RANK_Q.match(q.text)
    if not m:
        return ""
    who = m.group("who").split()
    at = re.search(r"\b" + re.escape(who[-1]) + r"\b", text)
    if not at:
        return ""
    run: list[str] = []
    for w in reversed(re.split(r"[,;:(]", text[:at.start()])[-1].split()):
        if not (w[:1].isupper() or w in ("of", "for")):
            break
        run.insert(0, w)
    while run and run[-1] in who:  # the rest of the name: "Sergey"
        run.pop()
    while run and (run[0] in ("of", "for") or run[0].lower() in ("and", "the")):
        run.pop(0)
    return " ".join(run) if any(w.lower() in TITLES for w in run) else ""


# "What prolongs the war?", "What does Yoon say prolongs the war?": "what" is the subject of the verb after it
_SUBJECT_Q = re.compile(r"^\s*(?:and\s+)?what\s+(?:(?:does|did|do)\s+[^?]+?\s+(?:say|said|think|believe|claim|argue)s?"
                        r"\s+(?:that\s+)?)?(?:(?:is|are|was|were|has been|have been)\s+)?(?P<verb>[a-z]+(?:s|ed|ing))\b(?P<rest>[^?]*)", re.I)
_SUBJECT_START = re.compile(r"(?:^|[,;:\"“”]|\b(?:that|said|says|stated|noted|warned|added|but|while)\s)\s*", re.I)
_HELPERS = re.compile(r"(?:\s+(?:is|are|was|were|has|have|had|been|be|will|would|could|may|might|can|help|helps|helped|"
                      r"also|further|directly))+\s*$", re.I)


def _subject(q: Question, text: str) -> str:
    """ "What does Yoon say prolongs the war in Ukraine?" against "... stated that North Korea's transfer of weapons
    to Russia helps prolong Russia's war against Ukraine ..." -> "North Korea's transfer of weapons to Russia": what
    the sentence puts before the asked verb, from the start of its clause."""
    m = _SUBJECT_Q.match(q.text)
    if not m or m.group("verb").lower() in ("is", "was", "does", "has", "happened", "did") or parts_of_speech(
            q.text).get(m.group("verb").lower()) not in ("VERB", "AUX"):  # "What weapons ..." asks a noun phrase
        return ""
    act = {stem(m.group("verb").lower())}
    for w in re.finditer(r"[\w'’-]+", text):
        if not _acts(stem(w.group().lower()), act):
            continue
        before = _HELPERS.sub("", text[:w.start()])
        starts = list(_SUBJECT_START.finditer(before))
        subject = before[starts[-1].end():].strip() if starts else before.strip()
        if 1 <= len(subject.split()) <= MAX_PHRASE_WORDS:
            return subject
    return ""


def _to_do(q: Question, text: str) -> str:
    """ "What did NATO urge China to do?" -> what follows "to" after the asked act; "What must member countries do
    with the workers?" -> what the sentence says they must, are required to, or agreed to do."""
    words = list(re.finditer(r"[\w'’-]+", text))
    if re.search(r"\bto do\b", q.text, re.I):
        acts = q.focus_stems
        for w in words:
            if content_stems(w.group()) & acts:
                m = re.search(r"\bto\s+(?P<act>[^,;.:\"“”]+)", text[w.end():])
                if m:
                    return " ".join(m.group("act").split()[:MAX_PHRASE_WORDS])
    if _DO_Q.search(q.text):
        m = _OBLIGED.search(text)
        if m:
            return " ".join(m.group("act").split()[:MAX_PHRASE_WORDS])
    return ""


_DO_Q = re.compile(r"\bwhat (?:must|should|will|would|can|could|did|does|do|has|have|is|are)\b.+\bdo\b(?:\s+(?:with|about|"
                   r"for|to)\b[^?]*)?\?*\s*$", re.I)
_OBLIGED = re.compile(r"\b(?:must|should|(?:are|is|were|was) (?:required|obliged|expected|asked|told) to|agreed to|"
                      r"plans? to|planned to|pledged to|vowed to|promised to|decided to)\s+(?:immediately\s+)?"
                      r"(?P<act>[^,;.:\"“”]+)", re.I)
_HAPPENED_Q = re.compile(r"^\s*(?:and\s+)?what (?:has |have |had )?happened to (?:the\s+)?(?P<x>[^?]+)", re.I)


def _happened(q: Question, text: str) -> str:
    """ "What happened to two-way trade between ...?" against "the two-way trade volume between ... has
    approximately doubled in the past decade" -> "approximately doubled in the past decade"."""
    m = _HAPPENED_Q.match(q.text)
    if not m:
        return ""
    head = re.split(r"\s+(?:between|of|in|with|for|to|from|on|at)\s+", m.group("x"))[0].split()[-1]
    at = re.search(r"\b" + re.escape(head) + r"\b", text, re.I)
    if not at:
        return ""
    said = re.match(r"(?:\s+[\w'’-]+){0,8}?\s+(?:has|have|had|was|were|is|are)(?:\s+been)?\s+(?P<vp>(?:[a-z]+ly\s+)?"
                    r"[a-z]+(?:ed|en)\b[^,;.:\"“”]*)", text[at.end():])
    return " ".join(said.group("vp").split()[:MAX_PHRASE_WORDS]) if said else ""


_MANNER_Q = re.compile(r"^\s*(?:and\s+)?how (?:has|have|had|did|does|do|is|are|was|were)\b", re.I)


def _manner(q: Question, text: str) -> str:
    """ "How has North Korea been reopening?" against "... has been reopening slowly in recent weeks" -> "slowly":
    the adverb beside the asked act."""
    if not _MANNER_Q.match(q.text):
        return ""
    tags = parts_of_speech(q.text)
    acts = {stem(w) for w, t in tags.items() if t == "VERB" and w not in ("has", "have", "did", "does", "been", "be")}
    words = list(re.finditer(r"[\w'’-]+", text))
    for i, w in enumerate(words):
        if stem(w.group().lower()) in acts:
            near = [x.group() for x in words[max(0, i - 1):i] + words[i + 1:i + 3]]
            adverb = next((x for x in near if re.fullmatch(r"[a-z]{3,}ly", x) and x not in ("only", "early")), "")
            if adverb:
                return adverb
    return ""


def asked_verb(q: Question) -> set[str]:
    """The stems of the verb a "what did X <verb>?" question ends on: "What did they agree to launch?" ->
    {"launch"}; "What did he solidify with the Netherlands?" -> {"solidify"}."""
    asked = re.sub(r",?\s+according to [^?]+", "", q.text)  # "..., according to NATO?" says who reports it
    m = re.match(r"^\s*(?:and\s+)?what (?:[a-z]+ ){0,2}(?:did|does|do|will|would|has|have|had) .+?\b([a-z]+)\b(?:\s+(?:with|about|"
                 r"at|in|on|for)\b[^?]*|\s+(?:to|from)\s+(?:the\s+|(?-i:[A-Z]))[^?]*)?\?*\s*$", asked, re.I)
    # not "to <act>": "agree to launch" asks what was launched; "provide to Russia" asks what was provided
    if not m or m.group(1).lower() in ("do", "be", "happen", "it", "them", "him", "her"):
        return set()
    tags = parts_of_speech(q.text)
    word = m.group(1).lower()
    # "What do they say China's partnership with Russia threatens?": the act is the verb the question ends on
    tail = asked[m.end(1):].strip(" ?")  # tagged as a statement: the tagger takes a question's last verb for a noun
    told = parts_of_speech(f"{tail} it.") if tail else {}
    later = [w for w in re.findall(r"[a-z]+", tail.lower()) if told.get(w) == "VERB" and w not in SAY]
    if tags.get(word) != "VERB" and later:
        word = later[-1]
    if word in SAY:
        return {stem(w) for w in SAY}
    return {stem(word)} if tags.get(word) in ("VERB", "NOUN", None) and word != q.target.lower() else set()


SAY = {"say", "says", "said", "tell", "tells", "told", "state", "stated", "add", "added", "report", "reports",
        "reported"}


def _acts(word: str, act: set[str]) -> bool:
    """The word is the asked act in another form: "supplying" ~ "supply" (stems "suppl" ~ "supp")."""
    return word in act or any(len(a) >= 4 and len(word) >= 4 and (word.startswith(a) or a.startswith(word)) for a in act)
