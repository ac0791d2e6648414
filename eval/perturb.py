"""Claims made up from the articles by rule: a sentence of a passage, changed in one known way, with the label
the change implies. They teach and probe the verifier's learned check on the *kinds* of error (an added
clause, another number or name in a slot, swapped names, an inserted negation, an opposite word, a fragment,
a substituted act, two articles' halves glued together) and of faithful rewording (the sentence itself, a
hung phrase dropped, two neighbouring sentences merged, a number spelled out, a leading phrase moved), on
wording nobody tuned the rules on: the seed articles and the MultiHop-RAG evidence, never the claim set.

    made_up(passages, seed=0) -> [Made("Luxon arrived in Seoul, and raised interest rates.", [passage],
                                      False, "added-clause"), ...]
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from index.sentences import split_sentences
from rag.answer import Passage
from rag.language.lexicon import data_rows
from rag.language.parse import parse
from rag.language.synonyms import table
from rag.language.words import find_names, find_numbers, stem
from rag.verification.relations import SYMMETRIC

ERROR_KINDS = ("added-clause", "other-number", "other-name", "swapped-names", "negated", "opposite", "fragment",
               "other-act", "glued")
FAITHFUL_KINDS = ("verbatim", "trimmed", "merged", "spelled", "moved")
_SPELL = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
          10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
_AUX = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should", "does", "did"}


@dataclass(frozen=True)
class Made:
    sentence: str
    passages: tuple[Passage, ...]
    supported: bool
    kind: str


def made_up(passages: list[Passage], seed: int = 0, per_sentence: int = 2) -> list[Made]:
    """Passages -> made-up claims: for each usable sentence, up to `per_sentence` changes drawn at random
    among those that apply to it, plus the sentence itself."""
    rng = random.Random(seed)
    donors = [s for p in passages for s in _sentences(p.text)]
    out = []
    for p in passages:
        sentences = _sentences(p.text)
        for k, s in enumerate(sentences):
            made = list(_changes(s, k, sentences, p, donors, rng))
            rng.shuffle(made)
            out += [Made(s, (p,), True, "verbatim")] if rng.random() < 0.3 else []
            out += made[:per_sentence]
    return out


def _sentences(text: str) -> list[str]:
    """The passage's sentences worth changing: 8-45 words, a full stop at the end, no quotation."""
    return [s for s in split_sentences(text) if 8 <= len(s.split()) <= 45 and s.endswith(".")
            and not re.search(r"[\"“”]", s) and "\n" not in s]


def _changes(s: str, k: int, sentences: list[str], p: Passage, donors: list[str], rng: random.Random
             ) -> Iterator[Made]:
    doc = parse(s)
    one = (p,)
    for kind, make in (("added-clause", _added_clause), ("other-number", _other_number),
                       ("other-name", _other_name), ("swapped-names", _swapped), ("negated", _negated),
                       ("opposite", _opposite), ("fragment", _fragment), ("other-act", _other_act),
                       ("glued", _glued)):
        changed = make(s, doc, p.text, donors, rng)
        if changed and changed != s:
            yield Made(changed, one, False, kind)
    for kind, make in (("trimmed", _trimmed), ("spelled", _spelled), ("moved", _moved)):
        changed = make(s, doc, p.text, donors, rng)
        if changed and changed != s:
            yield Made(changed, one, True, kind)
    if k + 1 < len(sentences):
        yield Made(_merge(s, sentences[k + 1]), one, True, "merged")


# ---- errors --------------------------------------------------------------------------------------------------


def _verb_phrase(donor: str) -> str:
    """A donor sentence's main verb with its objects, no subject and no names: "raised interest rates" """
    doc = parse(donor)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.tag_ not in ("VBD", "VBZ", "VBP"):
        return ""
    after = [c for c in root.children if c.dep_ in ("dobj", "prep", "xcomp", "prt", "advmod") and c.i > root.i]
    if not after:
        return ""
    end = max(c.right_edge.i for c in after)
    span = doc[root.i:end + 1]
    text = span.text
    if find_names(text[0].lower() + text[1:]) or not 3 <= len(span) <= 12 or any(t.is_punct for t in span):
        return ""
    return text


def _added_clause(s, doc, passage, donors, rng) -> str:
    vp = _foreign_phrase(passage, donors, rng)
    return f"{s[:-1]}, and {vp}." if vp else ""


def _foreign_phrase(passage: str, donors: list[str], rng: random.Random) -> str:
    """A donor's verb phrase whose words the passage does not all have, "" when six tries find none."""
    for _ in range(6):
        vp = _verb_phrase(rng.choice(donors))
        if vp and not set(vp.lower().split()) <= set(passage.lower().split()):
            return vp
    return ""


def _other_number(s, doc, passage, donors, rng) -> str:
    nums = [n for n in find_numbers(s) if re.search(r"\d", n[0])]
    if not nums:
        return ""
    surface, key = rng.choice(nums)
    others = [x for x, k in find_numbers(passage) if k != key and re.search(r"\d", x) and x not in s]
    if others and rng.random() < 0.6:
        new = rng.choice(others)
    else:
        digits = re.search(r"\d+(?:\.\d+)?", surface)
        if not digits:
            return ""
        value = float(digits.group())
        bumped = value + rng.choice([1, 2, 3]) if value < 100 else value * rng.choice([1.5, 2, 0.5])
        new = surface.replace(digits.group(), format(bumped, "g"), 1)
    return s.replace(surface, new, 1)


def _other_name(s, doc, passage, donors, rng) -> str:
    mine = [n for n in find_names(s) if n != s.split()[0]]
    if not mine:
        return ""
    name = rng.choice(mine)
    pool = [n for n in find_names(passage) if n not in s and n not in name and name not in n]
    if not pool or rng.random() < 0.3:
        pool = [n for d in rng.sample(donors, min(20, len(donors))) for n in find_names(d) if n not in passage]
    return s.replace(name, rng.choice(pool), 1) if pool else ""


def _swapped(s, doc, passage, donors, rng) -> str:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or stem(root.text.lower()) in SYMMETRIC:
        return ""
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in root.children if c.dep_ in ("dobj", "dative")), None)
    if subject is None or obj is None:
        return ""
    (a0, a1), (b0, b1) = _chars(subject), _chars(obj)
    a, b = s[a0:a1], s[b0:b1]
    if not (find_names(a) and find_names(b)) or a1 > b0 or len(a.split()) > 6 or len(b.split()) > 6:
        return ""
    if a.split()[0] in ("The", "A", "An") and a.split()[0] not in find_names(a):
        a = a[0].lower() + a[1:]
    return _capital(s[:a0] + b + s[a1:b0] + a + s[b1:])


def _negated(s, doc, passage, donors, rng) -> str:
    if re.search(r"\b(?:not|never)\b", s):
        return re.sub(r"\s+(?:not|never)\b", "", s, count=1)
    aux = next((t for t in doc if t.text.lower() in _AUX and t.dep_ in ("aux", "ROOT", "auxpass")), None)
    if aux is None or re.search(r"\b(?:no|without)\b|n['’]t\b", s):
        return ""
    at = aux.idx + len(aux.text)
    return s[:at] + " not" + s[at:]


def _opposite(s, doc, passage, donors, rng) -> str:
    pairs = {("adj", t.i): t for t in doc if t.tag_ == "JJ"} | {("verb", t.i): t for t in doc
                                                                  if t.tag_ in ("VB", "VBP")}
    options = []
    for (pos, _), t in pairs.items():
        word = t.text.lower()
        for a, b in _word_antonyms(pos):
            if a == word:
                options.append((t, b))
    if not options:
        return ""
    t, b = rng.choice(options)
    return s[:t.idx] + b + s[t.idx + len(t.text):]


@lru_cache(maxsize=4)
def _word_antonyms(pos: str) -> list[tuple[str, str]]:
    """rag/data/antonyms.tsv's pairs of one part of speech as written (not stemmed), both ways."""
    rows = data_rows("antonyms.tsv", ("pos", "word", "antonym"))
    return [(a, b) for p, x, y in rows if p == pos for a, b in ((x, y), (y, x))]


def _fragment(s, doc, passage, donors, rng) -> str:
    """A part of the sentence that claims nothing: its subject phrase, a subordinate clause or a phrase."""
    parts = []
    for t in doc:
        span = list(t.subtree)
        n = len(span)
        # a clause counts only when a conjunction subordinates it ("Since the Steam Deck launched")
        clause = t.dep_ == "advcl" and any(c.dep_ == "mark" and c.i == span[0].i for c in t.children)
        if (t.dep_ in ("nsubj", "nsubjpass") and n >= 3) or (
                (clause or t.dep_ in ("prep", "pobj", "dobj")) and 4 <= n < len(doc) - 2):
            parts.append(span)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None) if root is not None else None
    rel = next((t for t in doc if t.dep_ == "relcl"), None)
    if subject is not None and rel is not None and rel.head.i <= subject.right_edge.i:
        parts.append(list(subject.subtree))  # "Messi, who had missed the last four games"
    if not parts:
        return ""
    span = rng.choice(parts)
    text = s[span[0].idx:span[-1].idx + len(span[-1].text)].strip(" ,;:")
    return _capital(text) + "." if text else ""


def _other_act(s, doc, passage, donors, rng) -> str:
    """The main verb replaced by another tensed verb of a donor, not a synonym: "met" -> "sued" """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.tag_ != "VBD":
        return ""
    near = table().get(stem(root.text.lower()), frozenset())
    for _ in range(8):
        d = parse(rng.choice(donors))
        verbs = [t.text for t in d if t.tag_ == "VBD" and t.pos_ == "VERB" and t.dep_ == "ROOT"
                 and stem(t.text.lower()) not in near and stem(t.text.lower()) != stem(root.text.lower())
                 and t.text.lower() not in passage.lower()]
        if verbs:
            return s[:root.idx] + verbs[0] + s[root.idx + len(root.text):]
    return ""


def _glued(s, doc, passage, donors, rng) -> str:
    """This sentence's subject with another article's predicate: two events made one."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None) if root is not None else None
    if subject is None:
        return ""
    a0, a1 = _chars(subject)
    head = s[a0:a1]
    vp = _foreign_phrase(passage, donors, rng)
    return f"{_capital(head)} {vp}." if vp else ""


# ---- faithful ------------------------------------------------------------------------------------------------


def _trimmed(s, doc, passage, donors, rng) -> str:
    """The sentence without its last hung phrase: "Yoon met Luxon in Seoul, his first ..." -> "Yoon met Luxon
    in Seoul." """
    cut = s.rfind(", ")
    if cut < 0 or len(s[:cut].split()) < 6:
        return ""
    head = s[:cut]
    hp = parse(head + ".")
    if not any(t.dep_ == "ROOT" and t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in hp):
        return ""
    if re.match(r"(?:While|Although|Though|If|When|As|Because|Since|After|Before|Unless|Whether|But|And)\b", s):
        return ""
    if re.search(r"\b(?:said|says|told|added|noted)\s*$", head) or not re.match(r"\s*(?:which|who|as|and|"
                                                                                 r"while|with|including|"
                                                                                 r"[a-z]+ing)\b",
                                                                                 s[cut + 2:]):
        return ""
    return head + "."


def _spell(n: int) -> str:
    if n in _SPELL:
        return _SPELL[n]
    if 20 < n < 100:
        return _TENS[n // 10] + ("-" + _SPELL[n % 10] if n % 10 else "")
    return ""


def _spelled(s, doc, passage, donors, rng) -> str:
    for m in re.finditer(r"(?<![\d.,$:/-])\b(\d{1,2})\b(?= [a-z]{3,})", s):
        word = _spell(int(m.group(1)))
        if word:
            return s[:m.start()] + word + s[m.end():]
    return ""


def _moved(s, doc, passage, donors, rng) -> str:
    """A leading phrase moved to the end: "On Wednesday, Yoon met Luxon." -> "Yoon met Luxon on Wednesday." """
    m = re.match(r"((?:On|In|At|During|After|Before|Since|Last|Earlier|Later|This)\b[^,]{2,40}),\s+(.+)\.$", s)
    if not m or (find_names(m.group(2)[:1]) == [] and m.group(2)[0].islower()):
        return ""
    lead, rest = m.group(1), m.group(2)
    first = rest.split()[0]
    if not (first in find_names(rest) or first.lower() in ("the", "a", "an", "it", "they", "he", "she")):
        return ""
    rest = rest if first in find_names(rest) else rest[0].lower() + rest[1:]
    return f"{rest[0].upper()}{rest[1:]} {lead[0].lower()}{lead[1:]}."


def _merge(a: str, b: str) -> str:
    """Two neighbouring sentences as one: "A." + "B." -> "A, and b." (a name keeps its capital)"""
    first = b.split()[0]
    keep = any(n.split()[0] == first for n in find_names(b)) or first.isupper() or first == "I"
    return f"{a[:-1]}, and {b if keep else b[0].lower() + b[1:]}"


def _chars(t: Any) -> tuple[int, int]:
    """A token's subtree as character offsets into its sentence."""
    return t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def articles_passages() -> list[Passage]:
    """The seed articles in chunks as retrieval hands them over, and the MultiHop-RAG evidence articles."""
    from eval import multihop
    from index.article import Article
    from index.chunk import chunk_article
    from index.load import load_articles
    from index.settings import BUNDLED_CORPUS, Settings

    arts, _ = load_articles(BUNDLED_CORPUS, Settings(_env_file=None))  # type: ignore[call-arg]
    try:
        _, truth = multihop.load_benchmark(multihop.find_benchmark())
        arts += [Article(doc_id=a["id"], text=a["body"], title=a.get("title", ""), outlet=a.get("outlet") or "unknown")
                 for a in multihop.build_articles(truth)]
    except Exception:  # noqa: BLE001 - without the benchmark files, the seed articles alone
        pass
    out = []
    for a in arts:
        for c in chunk_article(a):
            out.append(Passage(doc_id=a.doc_id, chunk_id=c.chunk_id, text=c.text, start=c.start, end=c.end,
                               outlet=a.outlet, title=a.title or a.doc_id, published=a.published))
    return out
