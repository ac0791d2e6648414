"""Raw page text + its cleaned story -> metadata the text itself states: outlet, title, author, date, credit, url.

Nothing is guessed: an outlet is named only from a masthead, a copyright or syndication line, an outlet line
by the story, or an e-mail/URL domain in the small table below; otherwise it is "unknown".
"""

from __future__ import annotations

import datetime as dt
import re

from index.article import UNKNOWN_OUTLET
from index.clean import is_furniture

# Domains whose outlet is certain. A domain missing here names no outlet: "example-news.com" is not a name.
_OUTLET_TABLE = """
koreatimes.co.kr = The Korea Times; koreaherald.com = The Korea Herald
yna.co.kr = Yonhap; koreajoongangdaily.joins.com = Korea JoongAng Daily
hani.co.kr = The Hankyoreh; chosun.com = The Chosun Ilbo
nknews.org = NK News; japantimes.co.jp = The Japan Times
scmp.com = South China Morning Post; business-standard.com = Business Standard
hindustantimes.com = Hindustan Times; indiatimes.com = The Times of India
ndtv.com = NDTV; thehindu.com = The Hindu
thehindubusinessline.com = BusinessLine; businesstoday.in = Business Today
odessa-journal.com = The Odessa Journal; kyivindependent.com = The Kyiv Independent
reuters.com = Reuters; apnews.com = Associated Press
afp.com = AFP; bloomberg.com = Bloomberg
aljazeera.com = Al Jazeera; bbc.co.uk = BBC News
bbc.com = BBC News; cnn.com = CNN
nytimes.com = The New York Times; theathletic.com = The Athletic
washingtonpost.com = The Washington Post; wsj.com = The Wall Street Journal
ft.com = Financial Times; economist.com = The Economist
theguardian.com = The Guardian; independent.co.uk = The Independent
npr.org = NPR; cnbc.com = CNBC
foxnews.com = Fox News; nbcnews.com = NBC News
cbsnews.com = CBS News; politico.com = Politico
axios.com = Axios; dw.com = DW
france24.com = France 24; techcrunch.com = TechCrunch
theverge.com = The Verge; wired.com = Wired
engadget.com = Engadget; fortune.com = Fortune
mashable.com = Mashable; polygon.com = Polygon
theage.com.au = The Age; smh.com.au = The Sydney Morning Herald
sportingnews.com = Sporting News; cbssports.com = CBS Sports
skysports.com = Sky Sports; talksport.com = talkSPORT
yardbarker.com = Yardbarker
"""
KNOWN_OUTLETS = {
    domain.strip(): name.strip()
    for entry in _OUTLET_TABLE.replace("\n", ";").split(";")
    if entry.strip()
    for domain, _, name in [entry.partition("=")]
}
# Wire services and the spellings that name them.
# fmt: off
WIRES = {
    "AP": ("AP", "Associated Press"), "Reuters": ("Reuters",), "AFP": ("AFP", "Agence France-Presse"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"), "PTI": ("PTI", "Press Trust of India"), "ANI": ("ANI",),
    "IANS": ("IANS",), "Bloomberg": ("Bloomberg",), "dpa": ("dpa",), "Xinhua": ("Xinhua",), "UPI": ("UPI",),
    "Kyodo": ("Kyodo", "Kyodo News"), "EFE": ("EFE",), "Ukrinform": ("Ukrinform",),
}
# fmt: on
_WIRE = "|".join(sorted((re.escape(a) for names in WIRES.values() for a in names), key=len, reverse=True))
_CREDIT_PATTERNS = [
    re.compile(rf"\(({_WIRE})\)\s*[-—–:]"),  # "SEOUL (AP) —"
    re.compile(
        rf"\b(?:as reported by|reported by|according to|citing|with inputs from|[Ss]ource:)\s+"
        rf"(?:the\s+)?({_WIRE})\b"
    ),
    re.compile(rf"\b({_WIRE})(?: news agency)? (?:reported|said in a report)\b"),
]
# fmt: off
_MONTH_NAMES = [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
                ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
                ("oct", "october"), ("nov", "november"), ("dec", "december")]
# fmt: on
_MONTHS = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY, _YEAR = r"(\d{1,2})(?:st|nd|rd|th)?", r"(\d{4})\b"
_DATES = [
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE), ("m", "d", "y")),
    (re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE), ("d", "m", "y")),
    (re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"), ("y", "m", "d")),  # "2023-09-26T17:01"
]
_PUBLISHED = re.compile(r"^(?:first published|published|posted|date)(?: on)?\s*:?\s*(.+)$", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:last )?updated(?: on)?\s*:?\s*(.+)$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:(?:Written|Reported|Story) )?[Bb]y\s+"
    r"([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|der|da|bin|al))*)\s*(?:[,|/–—-].*)?$"
)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_URL = re.compile(r"https?://([^/\s:]+)[^\s]*")
_LABELLED_URL = re.compile(
    r"^(?:url|source|link|canonical|originally published at)\s*:\s*(https?://\S+)$", re.IGNORECASE
)
_NEWSPAPER = re.compile(
    r"^The(?: [A-Z][\w'’.-]*){0,3} (Journal|Times|Post|Herald|Tribune|Gazette|Standard|"
    r"Telegraph|Guardian|Chronicle|Observer|Independent|Inquirer|Courier|Dispatch)$"
)
_LEGAL_FORM = re.compile(
    r"(?i)[\s,]+(private|pvt|ltd|limited|inc|llc|co|corp|corporation|plc|gmbh|pty|ag)\.?$"
)
_IMAGE_BANKS = {"getty images", "shutterstock", "alamy", "istock"}


def infer_metadata(raw: str, cleaned: str) -> dict[str, str]:
    """Raw page + cleaned story -> {outlet, title, author, published, credit, url}; "" (or "unknown") if unstated.

    "Business Standard\\nBig news today\\n\\nThe story sentence is here and long." ->
    {"outlet": "Business Standard", "title": "Big news today", ...}
    """
    start, end = story_bounds(raw, cleaned)
    header = _lines(raw[:start])
    trailer = _lines(raw[end:])
    return {
        "outlet": infer_outlet(header, trailer),
        "title": infer_title(header),
        "author": infer_author(header, trailer),
        "published": infer_published(header, trailer),
        "credit": infer_credit(header, cleaned),
        "url": infer_url(header, trailer),
    }


def story_bounds(raw: str, cleaned: str) -> tuple[int, int]:
    """Raw text + cleaned story -> (start, end) offsets of the story in the raw text; (0, len) if not found."""
    paragraphs = [p for p in cleaned.split("\n\n") if p.strip()]
    if not paragraphs:
        return len(raw), len(raw)
    first = re.search(r"\s+".join(map(re.escape, paragraphs[0].split()[:8])), raw)
    lasts = list(re.finditer(r"\s+".join(map(re.escape, paragraphs[-1].split()[-8:])), raw))
    start = first.start() if first else 0
    end = lasts[-1].end() if lasts and lasts[-1].end() > start else len(raw)
    return start, end


def infer_outlet(header: list[str], trailer: list[str]) -> str:
    """Lines before and after the story -> the outlet the page names, else "unknown".

    (["Business Standard", "Headline"], []) -> "Business Standard"
    """
    for line in trailer + header:
        if name := _copyright_holder(line):
            return name
        if m := re.search(r"reworked by the (.{2,60}?) staff", line):
            return known_name(m.group(1)) or m.group(1)
    near = header[:3] + trailer[:3]
    for line in near:
        if name := known_name(line) or (line if _NEWSPAPER.match(line) else ""):
            return name
    for line in header + trailer[:5]:
        for domain in _EMAIL.findall(line) + _URL.findall(line):
            if name := outlet_for_domain(domain):
                return name
    return UNKNOWN_OUTLET


def infer_title(header: list[str]) -> str:
    """Lines before the story -> the headline: a repeated candidate line, else the first candidate.

    ["Sep 4, 2024", "Yoon meets Luxon in Seoul", "Menu"] -> "Yoon meets Luxon in Seoul"
    """
    candidates = [line for line in header if _is_title_like(line)]
    repeated = [line for line in candidates if candidates.count(line) > 1]
    return (repeated or candidates or [""])[0]


def infer_author(header: list[str], trailer: list[str]) -> str:
    """Lines around the story -> the byline's name. ["By Anna J. Park"] -> "Anna J. Park" """
    for line in header + trailer[:5]:
        m = _BYLINE.match(line)
        if m and len(m.group(1).split()) <= 8 and _wire(m.group(1)) is None:
            return m.group(1).strip()
    for line in trailer[:5] + header:
        # A contact line "Park Ji-won annajpark@koreatimes.co.kr" names the author when there is no byline.
        m = re.fullmatch(r"((?:[A-Z][\w'’-]*\.? ?){2,4}) [\w.+-]+@[\w.-]+", line)
        if m:
            return m.group(1).strip()
    return ""


def infer_published(header: list[str], trailer: list[str]) -> str:
    """Lines around the story -> ISO publication date, preferring "Published:" over a bare date over "Updated".

    ["First Published: Sep 04 2024 | 1:42 PM IST"] -> "2024-09-04"
    """
    lines = [line for line in header + trailer if len(line.split()) <= 15]
    for line in lines:
        if (m := _PUBLISHED.match(line)) and (date := parse_date(m.group(1))):
            return date
    for line in header:
        if (date := parse_date(line)) and _is_date_line(line):
            return date
    for line in lines:
        if (m := _UPDATED.search(line)) and (date := parse_date(m.group(1))):
            return date
    return ""


def infer_credit(header: list[str], cleaned: str) -> str:
    """Header lines + story -> the wire service credited for the story (not a photo credit).

    (["AP Seoul"], "...") -> "AP"; ([], "..., as reported by Yonhap.") -> "Yonhap"
    """
    for line in header:
        # A dateline "AP Seoul" or "By Reuters"; a lone "Reuters" under a photo is a photo credit.
        m = re.fullmatch(
            rf"By ({_WIRE})|(?:— |- )?({_WIRE})(?! Photo| Images)(?: [A-Z][\w'’-]*){{1,3}}", line
        )
        if m:
            return _wire(m.group(1) or m.group(2)) or ""
    for pattern in _CREDIT_PATTERNS:
        if m := pattern.search(cleaned):
            return _wire(m.group(1)) or ""
    return ""


def infer_url(header: list[str], trailer: list[str]) -> str:
    """Lines around the story -> a labelled URL ("URL: https://...") or a bare URL line, else ""."""
    for line in header + trailer:
        if m := _LABELLED_URL.match(line):
            return m.group(1)
    return next((line for line in header + trailer[:5] if _URL.fullmatch(line)), "")


def parse_date(text: str) -> str:
    """First full date in a text -> "YYYY-MM-DD", else "". "Sep 04 2024 | 1:42 PM IST" -> "2024-09-04" """
    for pattern, order in _DATES:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups()))
            month = int(parts["m"]) if parts["m"].isdigit() else _MONTHS[parts["m"].lower().rstrip(".")]
            try:
                return dt.date(int(parts["y"]), month, int(parts["d"])).isoformat()
            except ValueError:
                continue
    return ""


def outlet_for_domain(domain: str) -> str | None:
    """E-mail or URL domain -> known outlet name, else None. "m.koreatimes.co.kr" -> "The Korea Times" """
    parts = domain.lower().strip(".").split(".")
    for i in range(len(parts) - 1):
        if name := KNOWN_OUTLETS.get(".".join(parts[i:])):
            return name
    return None


def known_name(text: str) -> str | None:
    """A line that is exactly a known outlet's name -> its spelling in the table. "business standard" -> ..."""
    wanted = " ".join(text.split()).lower()
    return next((name for name in KNOWN_OUTLETS.values() if name.lower() == wanted), None)


def _copyright_holder(line: str) -> str:
    if len(line.split()) > 20 or not re.search(r"©|^copyrights?\b|\(c\)", line, re.IGNORECASE):
        return ""
    name = re.sub(
        r"(?i)all rights reserved\.?|\bcopyrights?\b|©|\(c\)|\b(19|20)\d\d\b(\s*[-–]\s*(19|20)\d\d)?",
        " ",
        line,
    )
    name = " ".join(name.split()).strip(" ,.-|")
    while (shorter := _LEGAL_FORM.sub("", name)) != name:
        name = shorter.strip(" ,.-")
    if not name or name.lower() in _IMAGE_BANKS or len(name.split()) > 6 or not name[0].isupper():
        return ""
    return known_name(name) or name


def _is_date_line(line: str) -> bool:
    """A line that is only a date, a time and a zone: "Sep 4, 2024, 6:26 AM" or "Wednesday 04.09.2024 13:42 KST"."""
    rest = re.sub(rf"(?i)\b{_MONTH}|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b[ap]\.?m\b\.?", " ", line)
    rest = re.sub(r"\b[A-Z]{2,4}\b|[\d:,|./-]|\b(st|nd|rd|th)\b", " ", rest)
    return len(rest.split()) <= 1


def _is_title_like(line: str) -> bool:
    words = len(line.split())
    return (
        4 <= words <= 40
        and not line.endswith(".")
        and not parse_date(line)
        and not is_furniture(line)
        and not _BYLINE.match(line)
        and known_name(line) is None
    )


def _wire(name: str) -> str | None:
    return next((wire for wire, names in WIRES.items() if name.strip() in names), None)


def _lines(text: str) -> list[str]:
    return [
        " ".join(re.sub(r"^\s*[•·▪●◦‣*]\s*", "", line).split()) for line in text.splitlines() if line.strip()
    ]
