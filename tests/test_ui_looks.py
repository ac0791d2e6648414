"""Each answer look in the chat bubble, by structure: the lead is a headline above its evidence; Yes/No gets a
badge, a partial answer a note, a timeline an ordered list, a conflict a box, a decline its own style; chips
link to source cards for every sentence kind, also while the answer streams."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from rag.answer import Answer, Passage, Sentence
from tests.test_ui_render import QUOTE, bs_passage, cite, kt_passage
from ui.render import answer_html, streaming_html
from ui.sources import answer_sources_html, panel_html

KISHIDA = ("Kishida also expressed grave concerns over the growing Russia-North Korea military cooperation that is "
           "posing threats to regional security, according to the presidential office.")
WASHINGTON = ("Their joint concerns and protest came during Yoon's meetings with some of the leaders of the countries "
              "participating in the 2024 NATO summit in Washington, D.C.")
SEOUL = ("New Zealand Prime Minister Christopher Luxon arrived in Seoul on his first trip to the Asian country since "
         "he took office last November.")
INAUGURAL = ("This meeting marked New Zealand Prime Minister Christopher Luxon's inaugural visit to South Korea since "
             "assuming office in November 2022.")
VOID = {"br", "img", "input", "hr", "meta", "link", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.classes = set((attrs.get("class") or "").split())
        self.children: list[Node] = []
        self.text = ""

    def all(self, cls: str) -> list[Node]:
        """Descendants with class `cls`, in document order."""
        out = []
        for c in self.children:
            out += ([c] if cls in c.classes else []) + c.all(cls)
        return out

    def one(self, cls: str) -> Node:
        found = self.all(cls)
        assert len(found) == 1, f"{len(found)} .{cls}"
        return found[0]

    def tags(self, tag: str) -> list[Node]:
        out = []
        for c in self.children:
            out += ([c] if c.tag == tag else []) + c.tags(tag)
        return out

    def inner(self) -> str:
        return self.text + "".join(c.inner() for c in self.children)

    def within(self, cls: str) -> bool:
        p = self.parent
        while p is not None:
            if cls in p.classes:
                return True
            p = p.parent
        return False


class Tree(HTMLParser):
    """The bubble parsed as a browser would nest it (text kept in order, flattened per element)."""

    def __init__(self, text: str):
        super().__init__()
        self.root = Node("root", {}, None)
        self.at = self.root
        self.order: list[Node] = []
        self.feed(text)
        assert self.at is self.root, "unclosed element"

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        self.order.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        assert self.at.tag == tag, f"</{tag}> closes <{self.at.tag}>"
        self.at = self.at.parent or self.root

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.at.children.append(Node("#text", {}, self.at))
        self.at.children[-1].text = data

    def first(self, cls: str) -> int:
        """Document position of the first element with class `cls`."""
        return next(i for i, n in enumerate(self.order) if cls in n.classes)


def kt(text: str = KISHIDA + " " + WASHINGTON) -> Passage:
    return kt_passage(text=text, end=493 + len(text))


def bs() -> Passage:
    return Passage(doc_id="001_546bd0455f068fcd", chunk_id="001_546bd0455f068fcd:0001", text=SEOUL, start=40,
                   end=40 + len(SEOUL), outlet="Business Standard", title="Leaders of S Korea, NZ condemn ties",
                   published="2024-09-04")


def nz() -> Passage:
    return Passage(doc_id="000_a492bad89cb52a3e", chunk_id="000_a492bad89cb52a3e:0001", text=INAUGURAL, start=10,
                   end=10 + len(INAUGURAL), outlet="unknown", title="South Korea and New Zealand condemn ties",
                   published="2024-09-04")


def yes_answer() -> Answer:
    p = kt()
    return Answer(question="Did Kishida share Yoon's concerns about Russia-North Korea cooperation?",
                  answer_type="yes_no", short_answer="Yes", mode="extractive", sources=[p],
                  sentences=[Sentence(f"Yes — {KISHIDA}", [cite(p, KISHIDA)], True, "lead"),
                             Sentence(WASHINGTON, [cite(p, WASHINGTON)], True)])


def no_answer() -> Answer:
    p = kt()
    return Answer(question="Was the NATO summit held in Brussels?", answer_type="yes_no", short_answer="No",
                  mode="extractive", sources=[p], sentences=[Sentence(f"No — {WASHINGTON}", [cite(p, WASHINGTON)],
                                                                      True, "lead")])


def partial_answer() -> Answer:
    p = kt_passage()
    return Answer(question="How many people attended the NATO summit?", answer_type="number",
                  answerability="partial", mode="extractive", sources=[p],
                  sentences=[Sentence("The articles do not state a number; they report:", [], True, "partial"),
                             Sentence(QUOTE, [cite(p, QUOTE)], True)])


def conflict_sentence() -> Sentence:
    b, n = bs(), nz()
    return Sentence("Sources disagree (Christopher Luxon: took office): Business Standard says last November; "
                    "South Korea and New Zealand condemn ties says November 2022.",
                    [cite(b, "he took office last November."), cite(n, INAUGURAL)], True, "conflict")


def conflicts() -> list[dict]:
    return [{"topic": "Christopher Luxon: took office", "claims": [
        {"doc_id": "001_546bd0455f068fcd", "outlet": "Business Standard", "quote": "took office last November",
         "value": "2023-11"},
        {"doc_id": "000_a492bad89cb52a3e", "outlet": "unknown", "quote": "assuming office in November 2022",
         "value": "2022-11"}]}]


def timeline_answer() -> Answer:
    b, n = bs(), nz()
    return Answer(question="Put in order: Luxon becoming prime minister and the Yoon-Luxon summit.",
                  answer_type="timeline", mode="extractive", sources=[n, b], conflicts=conflicts(),
                  sentences=[Sentence(f"November 2022 — {INAUGURAL}", [cite(n, INAUGURAL)], True, "timeline"),
                             Sentence(f"last November — {SEOUL}", [cite(b, SEOUL)], True, "timeline"),
                             conflict_sentence()])


def disagree_answer() -> Answer:
    b, n = bs(), nz()
    return Answer(question="Do the reports agree on when Luxon took office?", answer_type="agreement",
                  short_answer="No", mode="extractive", sources=[b, n], conflicts=conflicts(),
                  sentences=[Sentence("No — the reports disagree:", [], True, "lead"), conflict_sentence()])


def entity_answer() -> Answer:
    p = kt_passage()
    return Answer(question="Who is Japan's prime minister?", answer_type="person", short_answer="Fumio Kishida",
                  mode="extractive", sources=[p], sentences=[Sentence("Fumio Kishida.", [cite(p, QUOTE)], True, "lead"),
                                                             Sentence(QUOTE, [cite(p, QUOTE)], True)])


def list_answer() -> Answer:
    p, b = kt_passage(), bs_passage()
    trade = "Trade between the two countries has nearly doubled over the past decade."
    return Answer(question="Which countries make up the IP4 group?", answer_type="list",
                  short_answer="Japan, Australia and New Zealand", mode="extractive", sources=[p, b],
                  sentences=[Sentence("Japan, Australia and New Zealand.", [cite(p, QUOTE)], True, "lead"),
                             Sentence("South Korea.", [cite(b, trade)], True, "lead"),
                             Sentence(QUOTE, [cite(p, QUOTE)], True)])


def provenance_answer() -> Answer:
    p = kt()
    return Answer(question="Which outlet reported Kishida's concerns?", answer_type="provenance",
                  short_answer="The Korea Times", mode="extractive", sources=[p],
                  sentences=[Sentence("Reported by The Korea Times.", [cite(p, KISHIDA)], True, "outlet"),
                             Sentence(KISHIDA, [cite(p, KISHIDA)], True)])


def declined_answer() -> Answer:
    return Answer(question="How many troops has North Korea sent to Russia?", answer_type="number", abstained=True,
                  mode="abstained", answerability="none", sources=[bs_passage()],
                  sentences=[Sentence("The articles do not cover this.", [], True)])


def bubble(answer: Answer, turn: int = 0) -> tuple[Tree, Node]:
    tree = Tree(answer_html(answer, turn))
    return tree, tree.root.one("nr-answer")


def test_a_yes_answer_has_a_yes_badge_and_its_quote_as_the_headline_above_the_evidence():
    tree, box = bubble(yes_answer())
    assert {"nr-says-yes", "nr-type-yes_no", "nr-full"} <= box.classes
    badge = box.one("nr-verdict")
    assert badge.inner() == "Yes" and badge.within("nr-lead") and "nr-verdict-yes" in badge.classes
    lead = box.one("nr-lead").one("nr-lead-text")
    assert lead.inner() == KISHIDA  # the badge says Yes; the headline does not repeat it
    assert box.one("nr-lead").all("nr-cite")[0].attrs["href"] == "#src-0-1"  # the lead quote is cited
    assert tree.first("nr-head") < tree.first("nr-evidence")
    assert box.one("nr-evidence").all("nr-s")[0].inner() == WASHINGTON


def test_a_no_answer_has_a_no_badge():
    _, box = bubble(no_answer())
    assert "nr-says-no" in box.classes and box.one("nr-verdict").inner() == "No"
    assert box.one("nr-lead-text").inner() == WASHINGTON and not box.all("nr-evidence")


def test_a_partial_answer_leads_with_a_note_saying_what_the_articles_do_not_state():
    tree, box = bubble(partial_answer())
    assert "nr-partial" in box.classes and not box.all("nr-verdict")
    note = box.one("nr-partial-note")
    assert "nr-lead" in note.classes and note.within("nr-head")
    assert "Partial answer" in note.one("nr-partial-label").inner()
    assert note.one("nr-lead-text").inner() == "The articles do not state a number; they report:"
    assert tree.first("nr-partial-note") < tree.first("nr-evidence")
    assert box.one("nr-evidence").all("nr-cite")


def test_a_timeline_is_an_ordered_list_with_date_and_outlet_on_each_entry():
    tree, box = bubble(timeline_answer())
    assert "nr-type-timeline" in box.classes
    (ol,) = box.tags("ol")
    assert "nr-timeline" in ol.classes
    entries = ol.all("nr-tl-entry")
    assert [e.tag for e in entries] == ["li", "li"]
    assert [e.one("nr-tl-date").inner() for e in entries] == ["November 2022", "last November"]
    assert [e.one("nr-tl-outlet").inner() for e in entries] == ["South Korea and New Zealand condemn ties",
                                                                   "Business Standard"]
    assert [e.one("nr-tl-text").inner() for e in entries] == [INAUGURAL, SEOUL]
    assert [e.one("nr-cite").attrs["href"] for e in entries] == ["#src-0-1", "#src-0-2"]
    assert tree.first("nr-timeline") < tree.first("nr-conflict")  # the disagreement below the entries


def test_an_entity_lead_is_the_headline_with_its_evidence_below():
    tree, box = bubble(entity_answer())
    assert "nr-type-person" in box.classes and not box.all("nr-verdict")
    assert box.one("nr-lead").one("nr-lead-text").inner() == "Fumio Kishida."
    assert tree.first("nr-lead") < tree.first("nr-evidence")


def test_a_list_lead_shows_every_group_in_the_headline_each_with_its_chip():
    _, box = bubble(list_answer())
    lead = box.one("nr-lead")
    assert [s.inner() for s in lead.all("nr-lead-text")] == ["Japan, Australia and New Zealand.", "South Korea."]
    assert [a.attrs["href"] for a in lead.all("nr-cite")] == ["#src-0-1", "#src-0-2"]


def test_a_provenance_fact_is_the_headline():
    _, box = bubble(provenance_answer())
    assert box.one("nr-lead-text").inner() == "Reported by The Korea Times."
    assert box.one("nr-evidence").one("nr-s").inner() == KISHIDA


def test_reports_that_disagree_lead_with_no_and_box_each_side_once():
    tree, box = bubble(disagree_answer())
    assert {"nr-disputed", "nr-says-no", "nr-type-agreement"} <= box.classes
    assert box.one("nr-lead-text").inner() == "The reports disagree:"
    dispute = box.one("nr-conflict")  # one box: the conflict sentence, not the claims listed again
    assert [a.attrs["href"] for a in dispute.one("nr-conflict-s").all("nr-cite")] == ["#src-0-1", "#src-0-2"]
    assert tree.first("nr-head") < tree.first("nr-conflict")


def test_a_declined_answer_keeps_its_own_style_and_has_no_lead():
    _, box = bubble(declined_answer())
    assert "nr-abstained" in box.classes and not box.all("nr-lead") and not box.all("nr-cite")
    assert "Not found in the articles" in box.one("nr-abstain-title").inner()


LOOKS = [yes_answer, no_answer, partial_answer, timeline_answer, entity_answer, list_answer, provenance_answer,
         disagree_answer]


@pytest.mark.parametrize("look", LOOKS, ids=lambda f: f.__name__)
def test_every_chip_of_every_sentence_kind_opens_a_card_that_marks_its_quote(look):
    answer = look()
    chips = Tree(answer_html(answer, 2)).root.all("nr-cite")
    cards = Tree(answer_sources_html(answer, 2)).root.all("nr-card")
    assert chips and {a.attrs["href"] for a in chips} == {f"#{c.attrs['id']}" for c in cards}
    for card in cards:
        assert card.tags("mark"), card.attrs["id"]  # the supporting sentence is highlighted


def test_while_streaming_the_lead_shows_first_and_verified_sentences_are_marked_as_such():
    lead = yes_answer()
    p = lead.sources[0]
    checked = Sentence("Kishida expressed grave concerns over Russia-North Korea cooperation.", [cite(p, KISHIDA)],
                       True)
    tree = Tree(streaming_html(lead, [checked], 0, "writing"))
    box = tree.root.one("nr-answer")
    assert "nr-streaming" in box.classes and box.one("nr-verdict").inner() == "Yes"
    live = box.one("nr-live")
    assert "Verified, still checking the rest" in live.one("nr-live-label").inner()
    assert live.one("nr-s-live").inner() == checked.text and live.one("nr-cite").attrs["href"] == "#src-0-1"
    assert tree.first("nr-lead") < tree.first("nr-evidence") < tree.first("nr-live") < tree.first("nr-status")
    assert "checked against the sources" in box.one("nr-status").inner()
    assert "draft" not in answer_html(lead, 0).lower()
    final = Tree(answer_html(lead, 0)).root
    assert not final.all("nr-live") and not final.all("nr-status") and not final.all("nr-streaming")


def test_the_sources_panel_serves_the_chips_of_an_answer_still_streaming():
    lead = yes_answer()
    page = panel_html([{"question": lead.question, "answer": None, "live": lead, "html": ""}])
    assert 'id="src-0-1"' in page and "<mark>" in page and "Searching" not in page
