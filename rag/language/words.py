"""Text features of a sentence: names, numbers, content-word stems, canonical forms, negation.

Pure functions over strings; the verifier, the extractive fallback and the conflict finder compare
sentences through them. "S Korea's Yoon did not condemn it." -> names ["South Korea", "Yoon"],
negated stems {"condemn"}.
"""

from __future__ import annotations

import itertools
import re

from rag.language.numbers import find_numbers, numbers_in  # noqa: F401 - re-exported: the verifier's features

STOPWORDS = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "doing", "down", "during", "each", "either", "even", "ever", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "much", "must",
    "my", "near", "neither", "nor", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out",
    "over", "own", "per", "same", "she", "should", "since", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "whose", "why", "will", "with", "within", "would", "yet", "you", "your", "additionally",
    "however", "meanwhile", "moreover", "furthermore", "overall", "according", "said", "say", "says",
    "told", "noted", "added", "stated", "reported", "yes", "sure", "okay", "well", "one", "not", "no",
    "never",
    # What a chat model says about answering, not about the news.
    "answer", "question", "passage", "passages", "context", "information", "provided", "based", "hope",
    "helps", "help", "certainly", "following",
}
# words a noun follows: "the meeting", "his office"
DETERMINERS = frozenset("the a an this that these those its his her their our my your any".split())
TITLES = {
    "president", "prime", "minister", "chancellor", "secretary", "general", "premier", "leader", "mr",
    "mrs", "ms", "dr", "king", "queen", "foreign", "defence", "defense", "first", "lady", "chief", "sen",
    "rep", "governor", "mayor", "ambassador", "spokesperson", "spokesman", "spokeswoman"
}
_ALIASES = [  # (pattern, canonical form), case-sensitive so the pronoun "us" stays a pronoun
    (r"\bDemocratic People['’]s Republic of Korea\b|\bDPRK\b|\bN\.?\s?Korea(?=n?\b)", "North Korea"),
    (r"\bRepublic of Korea\b|\bROK\b|\bS\.?\s?Korea(?=n?\b)", "South Korea"),
    (r"\bU\.S\.A?\.?(?![A-Za-z])|\bUSA?\b|\bAmerica\b", "United States"),
    (r"\bU\.N\.?(?![A-Za-z])|\bUN\b", "United Nations"),
    (r"\bU\.K\.?(?![A-Za-z])|\bUK\b|\bBritain\b", "United Kingdom"),
    (r"\bE\.U\.?(?![A-Za-z])|\bEU\b", "European Union"),
    (r"\bNZ\b", "New Zealand"),
]
# a phrasal verb is one word to the antonym check and to the focus of a question
_PHRASAL = [
    (r"\b[Pp]lay(s|ed|ing)? down\b", r"downplay\1"),  # a phrasal verb is one word to the antonym check
    (r"\b(?:[Ss]hrug(?:s|ged|ging)?|[Bb]rush(?:es|ed|ing)?) (?:off|aside)\b", "dismissed"),
    (r"\b[Tt]hree-way\b", "trilateral"), (r"\b[Tt]wo-way\b", "bilateral"),
]
# the same act in other words, for matching a question's focus only (the replacement is no grammatical sentence,
# and the verifier counts "took place" as two words a claim must have support for)
_WORDING = [(r"\b(?:[Tt]ake|[Tt]akes|[Tt]ook|[Tt]aken|[Tt]aking) place\b", "held"),  # "the summit took place"
            (r"\b(?:[Tt]ake|[Tt]akes|[Tt]ook|[Tt]aken|[Tt]aking|[Aa]ssum\w+) office\b", "become"),  # took office
            (r"\b[Dd]ecades?\b", "decade years"), (r"\b[Cc]entur(?:y|ies)\b", "century years")]  # "in ten years"
DEMONYMS = {
    "korean": "korea", "japanese": "japan", "russian": "russia", "chinese": "china", "ukrainian": "ukraine",
    "german": "germany", "canadian": "canada", "dutch": "netherlands", "australian": "australia",
    "indian": "india", "french": "france", "swedish": "sweden", "finnish": "finland", "czech": "czechia",
    "indonesian": "indonesia", "american": "united states", "british": "united kingdom",
}
_IRREGULAR = {"rose": "rise", "fell": "fall", "grew": "grow", "grown": "grow", "met": "meet", "took": "take",
              "held": "hold", "made": "make", "gave": "give", "went": "go", "led": "lead", "sought": "seek",
              "won": "win", "lost": "lose", "began": "begin", "begun": "begin", "bought": "buy",
              "sold": "sell", "lent": "lend", "withdrew": "withdraw", "withdrawn": "withdraw", "shrank": "shrink",
              "shrunk": "shrink", "sped": "speed", "forbade": "forbid", "fallen": "fall", "risen": "rise"}
# Stems that news paraphrases swap freely; mapping them lets lexical recall see the paraphrase.
_SYNONYMS = {"denounc": "condemn", "criticiz": "condemn", "disapprov": "condemn", "collabor": "cooper",
             "inaugur": "first", "trip": "visit", "launch": "start", "initi": "start", "begin": "start",
             "assum": "tak", "decid": "agre", "weapon": "arm", "nation": "country", "pledg": "promis",
             "increas": "grow", "decreas": "shrink", "urg": "ask", "request": "ask"}
_SUFFIXES = [
    ("ability", ""), ("able", ""), ("ations", ""), ("ation", ""), ("ated", ""), ("ate", ""), ("ments", ""),
    ("ment", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"), ("ed", ""), ("ers", ""), ("er", ""),
    ("es", ""), ("ly", ""), ("s", ""),
]
_NEGATIONS = {
    "not", "no", "never", "none", "nor", "neither", "without", "deny", "denies", "denied", "denying",
    "refuse", "refused", "refuses",
}
ANTONYMS = [
    ("grow", "shrink"), ("ris", "fall"), ("grow", "fall"), ("grow", "declin"), ("ris", "declin"),
    ("doubl", "fall"), ("doubl", "declin"), ("doubl", "shrink"), ("tripl", "fall"), ("tripl", "declin"), ("accept", "reject"), ("approv", "reject"), ("win", "los"),
    ("support", "oppos"), ("allow", "ban"), ("strengthen", "weaken"), ("admit", "deny"), ("confirm", "deny"),
    ("prais", "condemn"), ("welcom", "condemn"), ("start", "stop"), ("start", "halt"), ("continu", "halt"),
    ("continu", "stop"), ("agre", "disagre"), ("legal", "illegal"), ("downplay", "concern"), ("downplay", "warn"),
    ("downplay", "emphasiz"), ("downplay", "condemn"), ("quick", "slow"), ("fast", "slow"), ("rapid", "slow"),
]
# General news opposites, each side in its inflections (the light stemmer does not fold them all: "banned" is
# "bann"); stemmed and added to ANTONYMS at the end of the module.
_OPPOSITES = [
    ("rise rises rose rising", "drop drops dropped dropping"), ("grow grows grew growing", "drop dropped"),
    ("increase increased", "drop dropped reduce reduced cut cuts"), ("gain gains gained", "lose loses lost drop dropped fall fell"),
    ("expand expands expanded expanding expansion", "shrink shrank shrunk reduce reduced contract contracted"),
    ("boost boosted raise raised", "cut cuts lower lowered reduce reduced"), ("higher", "lower"), ("more", "fewer"),
    ("fewer", "increased grew growing"), ("improve improved improving", "worsen worsened deteriorate deteriorated"),
    ("accelerate accelerated speed sped", "slow slowed"), ("prolong prolongs prolonged prolonging extend extended "
                                                           "lengthen lengthened", "shorten shortens shortened shortening"),
    ("resume resumed", "suspend suspended"), ("continue continued", "suspend suspended"),
    ("fully completely entirely totally wholly", "partially partly gradually slowly"),  # a degree against a pace
    ("allow allowed permit permitted", "ban bans banned forbid forbade prohibit prohibited block blocked"),
    ("impose imposed tighten tightened", "ease eased loosen loosened relax relaxed"),
    ("accept accepted", "refuse refused decline declined"), ("approve approved", "veto vetoed oppose opposed"),
    ("support supported favor favoured favored", "reject rejected oppose opposed"),
    ("welcome welcomed", "reject rejected criticise criticised"), ("agree agreed", "refuse refused reject rejected"),
    ("acknowledge acknowledged", "deny denied"), ("succeed succeeded success successful", "fail failed failure"),
    ("acquit acquitted", "convict convicted"), ("guilty", "innocent"), ("join joined", "quit quits"),
    ("import imports imported", "export exports exported"), ("buy buys bought", "sell sells sold"),
    ("borrow borrowed", "lend lent"), ("appoint appointed", "dismiss dismissed sack sacked"),
    ("include included", "exclude excluded"), ("advance advanced", "retreat retreated"),
    ("deploy deployed", "withdraw withdrew withdrawn"), ("ally allies", "enemy enemies rival rivals"),
    ("peaceful", "violent"), ("safe", "dangerous"), ("strong stronger", "weak weaker"), ("positive", "negative"),
    ("optimistic", "pessimistic"), ("surplus", "deficit"), ("rich", "poor"), ("cheap cheaper", "expensive"),
    ("deepen deepened deepening", "weaken weakened"), ("intensify intensified heighten heightened", "ease eased"),
    ("win wins won", "defeat defeated"), ("victory", "defeat"),
    ("cease ceases ceased ceasing", "increase increased increasing continue continued boost boosted expand expanded "
                                    "keep keeps kept keeping maintain maintained sustain sustained"),
    ("stop stops stopped halt halted", "keep keeps kept keeping maintain maintained sustain sustained"),
    ("largest biggest greatest highest most", "smallest fewest least lowest"),
    ("doubled tripled", "halved"),
    ("stop stops stopped halt halted", "continuously continuous ongoing persistently"),  # a state against its end
    ("cut cuts cutting scale scaled", "expand expanded expanding expansion extend extended"),
    ("silent silence quiet", "condemn condemned express expressed voice voiced denounce denounced stress stressed"),
    # playing a worry down against voicing it: "dismissed concerns" against "expressed grave concerns"
    ("downplay downplayed dismiss dismissed dismissing minimise minimised minimize minimized",
     "express expressed voice voiced warn warned condemn condemned stress stressed emphasise emphasised emphasize "
     "emphasized"),
]
# Opposites whose words have other senses as nouns or adjectives ("close cooperation", "the end of the year"):
# compared only as the verbs of relations (rag/verification/relations.py).
VERB_OPPOSITES = [
    ("close closes closed closing shut", "open opens opened opening reopen reopens reopened reopening"),
    ("end ends ended ending", "start started launch launched begin began continue continued resume resumed"),
    ("lift lifted", "impose imposed"), ("back backed", "oppose opposed"), ("fire fired", "hire hired"),
    ("release released free freed", "arrest arrested detain detained"), ("leave leaves left", "join joined enter entered"),
]
NEG_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")  # "inseparable" against "separate"
_CLAUSE = {"but", "and", "or", "while", "although", "because", "so", ",", ";", ":", ".", "!", "?"}


def canonical(text: str) -> str:
    """Aliases -> one spelling. "S Korea and the U.S." -> "South Korea and the United States" """
    for pattern, name in _ALIASES:
        text = re.sub(pattern, name, text)
    return phrasal(text)


def phrasal(text: str) -> str:
    """Phrasal verbs and compounds -> one word. "Did she play down the three-way talks?" -> "Did she downplay
    the trilateral talks?" """
    for pattern, word in _PHRASAL:
        text = re.sub(pattern, word, text)
    return text


def reworded(text: str) -> str:
    """phrasal(), and acts said in other words, for matching a question's focus words in a text: "the talks
    have not taken place" -> "the talks have not held" (covers "held")."""
    for pattern, word in _WORDING:
        text = re.sub(pattern, word, text)
    return phrasal(text)


def name_key(text: str) -> str:
    """Text -> lowercase words with aliases, demonyms, possessives and plurals folded.

    "South Korean leaders' U.N. talks" -> "south korea leader united nation talk"
    """
    words = _words(text)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _words(text: str) -> list[str]:
    """ "S Korean Yoon's talks" -> ["south", "korea", "yoon", "talks"] """
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]s?\b", "", canonical(text).lower()))
    return " ".join(DEMONYMS.get(w, w) for w in words).split()


def stem(word: str) -> str:
    """Light stemmer for tense, plural, spelling. "condemned" -> "condemn", "emphasised" -> "emphasiz" """
    word = _IRREGULAR.get(word, word)
    # British -ise: decided by the stem, so every inflection of a word agrees ("raise" stays "raise").
    word = re.sub(r"^(\w{4,})is(e|es|ed|ing)$", r"\1iz\2", word)
    bare = word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + repl
            break
    # a final e goes from the bare word ("urge" ~ "urged", "agree" ~ "agreed"), and from longer stems
    if word.endswith("e") and (len(word) > 4 or (word == bare and len(word) >= 4)):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":  # programm(e) -> program
        word = word[:-1]
    return _SYNONYMS.get(word, word)


def content_stems(text: str) -> set[str]:
    """Text -> stems of its content words.

    "Yoon and Luxon met in Seoul." -> {"yoon", "luxon", "meet", "seoul"}
    """
    return {stem(w) for w in _words(text) if w not in STOPWORDS and not (len(w) == 1 and w.isalpha())}


def plain_stems(text: str) -> set[str]:
    """Stems of the content words as written, no alias folded: "DPRK" is not "North Korea" here, it names it
    in other words. "DPRK is the official name" -> {"dprk", "official", "name"}"""
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS and len(w) > 1}


def find_names(sentence: str) -> list[str]:
    """Capitalised runs and acronyms, titles and sentence-initial function words left out.

    "On Monday, Prime Minister Luxon met NATO." -> ["Monday", "Luxon", "NATO"]
    """
    text = canonical(sentence)
    runs: list[list[str]] = [[]]
    prev_end = None
    # an apostrophe inside a name keeps it whole ("O'Connell", "Papali'i"); "'s" and "n't" end it
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9]*(?:['’](?![sStT]\b)[A-Za-z]+)?", text):
        word, gap = m.group(), text[prev_end:m.start()] if prev_end is not None else "."
        prev_end = m.end()
        acronym = bool(re.fullmatch(r"[A-Z][A-Z0-9]+s?", word))
        low = word.lower()
        if not gap.isspace() and runs[-1]:  # punctuation or a hyphen ends a name: "North Korea-Russia"
            runs.append([])
        contraction = text[m.end():m.end() + 2].lower() in ("'t", "’t")  # "Don't", "DIDN'T" name nobody
        clitic = len(word) == 1 and gap.endswith(("'", "’"))  # the "T" of "DIDN'T"
        if word[0].isupper() and (acronym or (low not in STOPWORDS and low not in TITLES)) and low != "s" \
                and not contraction and not clitic:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return list(dict.fromkeys(" ".join(r) for r in runs if r))


def negated_stems(text: str) -> set[str]:
    """Stems a negation applies to. "They did not immediately condemn it." -> {"immediat", "condemn"}"""
    text = re.sub(r"n[’']t\b", " not", re.sub(r"\bcannot\b", "can not", text, flags=re.I), flags=re.I)
    tokens = re.findall(r"[A-Za-z0-9]+|[,;:.!?]", text)
    out = set()
    for i, tok in enumerate(tokens):
        if tok.lower() not in _NEGATIONS or (tok.lower() == "not" and tokens[i + 1:i + 2] == ["only"]):
            continue
        for nxt in tokens[i + 1:i + 6]:
            low = nxt.lower()
            if low in _CLAUSE:
                break
            if low in STOPWORDS or low in _NEGATIONS or nxt[0].isupper():
                continue
            out.add(stem(low))
            if not low.endswith("ly"):  # "not immediately condemn": the adverb and its verb
                break
    return out


MIN_CLAUSE_STEMS = 3  # content words other than names a clause needs to be judged alone
_CLAUSE_BREAK = re.compile(r",\s+(?=(?:which|while|whereas|who|but|although|because)\b)|;\s+|\s+but\s+")


def clauses(sentence: str) -> list[str]:
    """The clauses of a long sentence worth checking alone, [] when it has one.

    "They emphasized the programs, which is a sign they want trade." -> ["They emphasized the programs",
    "which is a sign they want trade."]
    """
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        part = sentence[a:b].lstrip(",; ")
        if parts and len(act_stems(part)) < MIN_CLAUSE_STEMS:
            parts[-1] += sentence[a:b]  # too short to judge alone: "which violates UN resolutions"
        else:
            parts.append(part)
    return [p for p in parts if len(act_stems(p)) >= MIN_CLAUSE_STEMS] if len(parts) > 1 else []


def act_stems(text: str) -> set[str]:
    """Content stems other than those of names: what a clause says happened."""
    return content_stems(text) - {s for n in find_names(text) for s in content_stems(n)}


def _stemmed(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Word-form pairs -> every (stem, stem) pair both ways, the same stem on both sides left out."""
    out = {(stem(a), stem(b)) for x, y in pairs for a in x.split() for b in y.split()}
    return sorted({p for a, b in out if a != b for p in ((a, b), (b, a))})


ANTONYMS += _stemmed(_OPPOSITES)
ANTONYMS += [(b, a) for a, b in ANTONYMS]
ANTONYMS[:] = list(dict.fromkeys(ANTONYMS))
VERB_ANTONYMS = set(_stemmed(VERB_OPPOSITES))
