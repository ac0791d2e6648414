"""Conflicts between outlets: the seeds' Luxon dates, and no false alarms between unrelated sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer import Passage
from rag.reply.conflicts import find_conflicts
from tests.passages import CORPUS, META, all_passages, bs, kt, nz, oj, rt


def _p(doc_id: str, text: str, published: str = "2024-09-04", outlet: str = "Outlet", also=None) -> Passage:
    return Passage(doc_id=doc_id, chunk_id=f"{doc_id}:0", text=text, start=0, end=len(text), outlet=outlet,
                   title=doc_id, published=published, also=also or [])


def test_luxon_took_office_in_november_2022_or_last_november():
    (conflict,) = find_conflicts([nz(), bs()])
    assert conflict["topic"] == "Christopher Luxon: assuming office"
    first, second = conflict["claims"]
    assert (first["doc_id"], first["value"]) == (nz().doc_id, "November 2022")
    assert (second["doc_id"], second["outlet"], second["value"]) == (bs().doc_id, "Business Standard",
                                                                    "November 2023")
    assert second["as_written"] == "last November (published 2024-09-04)"
    assert "since assuming office in November 2022" in first["quote"]
    assert "since he took office last November" in second["quote"]


def test_the_seed_chunks_hold_exactly_the_luxon_conflict():
    assert [c["topic"] for c in find_conflicts(all_passages())] == ["Christopher Luxon: assuming office"]


def test_whole_seed_pages_hold_exactly_the_luxon_conflict():
    pages = []
    for path in sorted(CORPUS.glob("*.txt")):
        text, meta = path.read_text(encoding="utf-8"), META[path.stem]
        pages.append(_p(path.stem, text, meta["published"], meta["outlet"]))
    assert [sorted(c["value"] for c in x["claims"]) for x in find_conflicts(pages)] == [
        ["November 2022", "November 2023"]]


def test_unrelated_passages_do_not_conflict():
    assert find_conflicts([kt(), oj(), rt()]) == []
    assert find_conflicts([nz(), oj()]) == []


def test_relative_date_needs_a_publication_date():
    undated = bs()
    undated.published = ""
    assert find_conflicts([nz(), undated]) == []


def test_agreeing_relative_date_is_no_conflict():
    said_then = bs()
    said_then.published = "2023-09-04"  # "last November" is then November 2022, as 000 says
    assert find_conflicts([nz(), said_then]) == []


def test_chunks_of_one_article_never_conflict():
    a = _p("a", "Luxon took office in November 2022.")
    same_doc = _p("a", "Luxon took office in November 2021.")
    same_doc.chunk_id = "a:1"
    assert find_conflicts([a, same_doc]) == []


def test_a_rewrite_in_the_same_story_cluster_can_still_disagree():
    # The index clusters 000 with Business Standard's AP story (000 arrives in `also`); 000 rewrote it and
    # changed the date, which is exactly the conflict a reader must see.
    main, rewrite = bs(), nz()
    main.also = [{"doc_id": rewrite.doc_id, "outlet": "unknown", "title": rewrite.title,
                  "text": rewrite.text}]
    assert len(find_conflicts([main, rewrite])) == 1


@pytest.mark.parametrize(("said", "published", "value"), [
    ("Luxon took office last year.", "2024-03-01", "2023"),
    ("Luxon took office this month.", "2023-12-05", "December 2023"),
    ("Luxon took office last month.", "2024-01-10", "December 2023"),
    ("Luxon took office last November.", "2023-12-01", "November 2023"),
    ("Luxon took office in Nov. 2021.", "", "November 2021"),
])
def test_relative_dates_resolve_against_publication(said, published, value):
    (conflict,) = find_conflicts([_p("a", "Luxon took office in March 2022."), _p("b", said, published)])
    assert conflict["claims"][1]["value"] == value


def test_year_alone_does_not_contradict_a_month_of_that_year():
    month, year = _p("a", "Luxon took office in November 2022."), _p("b", "Luxon took office in 2022.")
    assert find_conflicts([month, year]) == []


def test_different_months_of_one_event_conflict():
    (c,) = find_conflicts([_p("a", "Yoon met Kishida in July 2024 at the NATO summit in Washington."),
                           _p("b", "Yoon met Kishida in June 2024 at the NATO summit in Washington.")])
    assert c["topic"] == "Yoon met Kishida"
    assert [x["value"] for x in c["claims"]] == ["July 2024", "June 2024"]


def test_different_people_on_different_dates_do_not_conflict():
    kishida = _p("a", "Yoon met Japanese Prime Minister Kishida in July 2024 at the NATO summit.")
    luxon = _p("b", "Yoon met New Zealand Prime Minister Luxon in September 2024 in Seoul.")
    assert find_conflicts([kishida, luxon]) == []


def test_counts_of_the_same_thing_conflict_and_of_different_things_do_not():
    workers = "Before the pandemic, China hosted about 100,000 North Korean workers abroad."
    (c,) = find_conflicts([_p("a", workers), _p("b", workers.replace("100,000", "50,000"))])
    assert [x["value"].split()[0] for x in c["claims"]] == ["100,000", "50,000"]
    soldiers = "Before the pandemic, North Korea sent about 50,000 soldiers to Russia."
    assert find_conflicts([_p("a", workers), _p("b", soldiers)]) == []


def test_same_values_are_no_conflict():
    text = "Luxon took office in November 2022."
    assert find_conflicts([_p("a", text), _p("b", text)]) == []


def test_empty_input():
    assert find_conflicts([]) == []
    assert find_conflicts([_p("a", "")]) == []


def test_corpus_path_is_the_bundled_one():
    assert Path(CORPUS).joinpath("metadata.toml").exists()
