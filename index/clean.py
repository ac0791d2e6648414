"""Scraped page text -> the story's paragraphs, without menus, tickers, share buttons, captions and link lists.

The story is found, not listed: every line is classified (page furniture, list marker, prose, other), the
story is the run of prose lines with the most text, and everything outside it is dropped. Story sentences are
kept character for character; only whitespace inside a line is collapsed to single spaces.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

# Non-prose lines tolerated between two story paragraphs (subheads, photo captions, inline promos).
MAX_GAP = 6
# Furniture patterns only apply to lines this short, so a story sentence that mentions "copyright" survives.
_MAX_FURNITURE_WORDS = 40

_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣*]|-(?=\s))\s*")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_TEASER = re.compile(r"(\.\.\.|…)[\"'”’]?$")

# Lines that are page furniture wherever they appear (matched case-insensitively against the whole line).
_FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        (
            r"^(settings|search( mobile)?|menu|home|share|print|comments?|advertisement|ad|close|x|opinions?|"
            r"letter|go top( letter)?|explore news|hot stocks|top sections|key events|subscribe|sign in|log ?in)$"
        ),
        r"^\W?\s*font-?size$",
        r"share button$|^share (this )?(article|story|post|on \w+)$",
        r"^(facebook|twitter|x|kakao|mail|e-?mail|link|whatsapp|linkedin|telegram|reddit|pinterest)( icon)?$",
        r"^listen to (this|the) (article|story)",
        r"^skip to (main )?(content|navigation)|\bcookies?\b.{0,40}\b(accept|consent|settings|policy)\b",
        r"^\d+\s+min(ute)?s?\s+read\b",
        r"^home\s*[/>»›|]",  # breadcrumbs: "Home / World News / ..."
        r"^[\w&.'’ -]{1,40}\(\s*[+-]?[\d.,]*\s*%\s*\)$",  # market tickers: "Sensex (  %)"
        r"^[+-]?[\d.,]+\s*[kmb]?$",  # social counters and font-size steps: "3K", "668", "-2"
        r"^(topics?|tags?|keywords?)\s*:",
        r"^(first published|last updated|published|updated|posted)( on)?\s*:",
        r"google-site-verification",
        r"©|^copyrights?\b|all rights reserved\.?$",
        r"reached the end",
        r"^top \d+ (stories|news|articles)$",
        r"syndicated feed|may have been reworked by",  # wire-copy disclaimers
        r"^(also read|read more|read also|see also|related)\s*[:|—–-]",
        r"\b(click here|connect with us|follow us on|join our|get them on our|subscribe to our|sign up for our)\b",
        r"^(photo|image|file photo|picture)\s*:",
        r"^\S+@\S+\.\w+$|^[^.!?]{0,60}\s\S+@\S+\.[a-z]{2,}$",  # contact lines: "Park Ji-won anna@example.com"
    )
]
_BYLINE = re.compile(r"^By\s+[A-Z][^.!?]*$|^By\s+([A-Z][\w'’-]*\.?\s*){1,5}$")
# A caption ends with a photo credit: "... (local time). Yonhap", "... Kim Jong un(Photo: Reuters)".
_CAPTION = re.compile(
    r"[.!?)]\s+[A-Z]\w*(?:[-/][A-Z]\w*)*(?:\s[A-Z]\w*){0,2}$|(?i:\((?:ap |file )?(photo|image|picture)\b[^)]*\)$)"
)
# Link texts glued together: "LIVEStocks to Watch TodayLatest News LIVEGold-Silver".
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{3}[a-z]{2}")

# Standalone lines after which a page lists other articles, ads or comments: the story never continues past them.
_END_MARKER = re.compile(
    r"^(also read|read more|read also|more articles|more stories|more from .{1,40}|top articles?|"
    r"related( articles| stories| news| content)?|recommended( for you| stories| articles)?|"
    r"you (may|might) also like|sponsor(ed)?( content| stories| links)?|trending( now| stories| news)?|"
    r"most (read|popular|viewed)|popular( stories| now)?|latest (news|stories)|top \d+ stories|"
    r"you'?ve reached the end|opinions?|comments?|leave a (comment|reply))\s*:?$",
    re.IGNORECASE,
)


def clean_text(raw: str) -> str:
    """Scraped page -> story paragraphs separated by blank lines.

    "Settings\\n\\nSeoul met Wellington on Monday to talk.\\n\\nAlso Read\\nOther story" ->
    "Seoul met Wellington on Monday to talk."
    """
    lines = _dedupe(_lines(raw))
    kinds = [_kind(line) for line in lines]
    region = _story_region(lines, kinds)
    if region is None:
        # No sentence-like paragraph at all (a list-style note): keep what is not furniture rather than nothing.
        kept = [
            ln for ln, k in zip(lines, kinds) if k == "other" and _words(ln) >= 4 and not _TEASER.search(ln)
        ]
        return "\n\n".join(kept)
    start, end = region
    kept = [
        line
        for line, kind in zip(lines[start : end + 1], kinds[start : end + 1])
        if kind == "prose" or (kind == "other" and _keep_inside_story(line))
    ]
    return "\n\n".join(kept)


def is_furniture(line: str) -> bool:
    """One line -> is it page furniture (menu, ticker, share button, promo, byline, caption)?

    "Facebook share button" -> True; "Yoon met Luxon in Seoul on Wednesday." -> False
    """
    text = " ".join(_BULLET.sub("", line, count=1).split())
    if not text:
        return True
    if _words(text) > _MAX_FURNITURE_WORDS:
        return False
    if any(p.search(text) for p in _FURNITURE) or _BYLINE.match(text):
        return True
    # Photo captions and glued link runs never end like a sentence.
    unfinished = not _TERMINAL.search(text)
    return unfinished and bool(_CAPTION.search(text) or len(_CAMEL.findall(text)) >= 3)


def is_prose(line: str) -> bool:
    """One line -> does it read as story sentences (six words or more, ending a sentence)?

    "Yoon met Luxon in Seoul on Wednesday." -> True; "Top 10 Stories" -> False
    """
    return _words(line) >= 6 and bool(_TERMINAL.search(line)) and not _TEASER.search(line)


def is_end_marker(line: str) -> bool:
    """One line -> does it announce other articles, ads or comments, after which a scraped story never goes on?

    "Also Read" -> True; "Washington Summit Declaration" -> False
    """
    return bool(_END_MARKER.match(" ".join(line.split())))


def _lines(raw: str) -> list[str]:
    """Raw text -> stripped, whitespace-collapsed lines, hard-wrapped paragraphs joined, blank lines gone."""
    blocks = re.split(r"\n\s*\n", raw.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for block in blocks:
        rows = [" ".join(_BULLET.sub("", row, count=1).split()) for row in block.split("\n")]
        rows = [row for row in rows if row]
        out.extend([" ".join(rows)] if _is_wrapped(block, rows) else rows)
    return out


def _is_wrapped(block: str, rows: list[str]) -> bool:
    """A block of similar-length rows that breaks mid-sentence is one hard-wrapped paragraph (80-column text)."""
    if len(rows) < 2 or any(_BULLET.match(row) for row in block.split("\n")):
        return False
    body = [len(row) for row in rows[:-1]]
    mid_sentence = any(not _TERMINAL.search(row) for row in rows[:-1])
    # Two rows are only a wrap when the second continues the sentence: "headline\nSection" is two lines.
    continues = len(rows) >= 3 or rows[1][:1].islower()
    return mid_sentence and continues and min(body) >= 40 and max(body) <= 100 and max(body) - min(body) <= 25


def _keep_inside_story(line: str) -> bool:
    """Between story paragraphs, a subhead ("Washington Summit Declaration") or a short sentence ("No.") stays;
    a one-word label ("Story", "Highlights") or a teaser ending in "..." goes."""
    return (_words(line) >= 3 or bool(_TERMINAL.search(line))) and not _TEASER.search(line)


def _dedupe(lines: list[str]) -> list[str]:
    """Drop a line repeated back to back (a photo caption and its alt text) entirely; keep later repeats once."""
    counts = Counter(lines)
    adjacent = {a for a, b in itertools.pairwise(lines) if a == b and counts[a] >= 2}
    seen: set[str] = set()
    out = []
    for line in lines:
        if line in adjacent or line in seen:
            continue
        seen.add(line)
        out.append(line)
    return out


def _kind(line: str) -> str:
    if is_end_marker(line):
        return "end"
    if is_furniture(line):
        return "furniture"
    return "prose" if is_prose(line) else "other"


def _story_region(lines: list[str], kinds: list[str]) -> tuple[int, int] | None:
    """Lines and their kinds -> (first, last) index of the prose run with the most text, or None."""
    best: tuple[int, int, int] | None = None  # (score, start, end)
    start = end = -1
    score = gap = 0
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        if kind == "prose":
            if start < 0:
                start = i
            end, gap, score = i, 0, score + len(line)
            continue
        if kind == "other" and start >= 0:
            gap += 1
        if start >= 0 and (kind == "end" or gap > MAX_GAP):
            best = max(best or (0, 0, 0), (score, start, end))
            start, score, gap = -1, 0, 0
    if start >= 0:
        best = max(best or (0, 0, 0), (score, start, end))
    return (best[1], best[2]) if best and best[0] > 0 else None


def _words(text: str) -> int:
    return len(text.split())
