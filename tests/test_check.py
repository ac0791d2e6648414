"""The three-way claim check (rag/verification/check.py) on passages of the seed articles, and `python -m rag verify`: JSONL
in, one JSON verdict a line out, bad lines reported by number while the rest go on, the store opened only for
lines that bring no passages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from index.errors import UserError
from rag.verification.check import CONTRADICTED, NOT_FOUND, SUPPORTED, check_claim, coverage, subject_names, validate_claim
from rag.verification.checker import Checker, inline_passages, parse_line
from rag.verification.slots import candidates, missing_slots, placed, substitute
from tests.conftest import ROOT, make_settings
from tests.fakes import HashEmbed
from tests.passages import all_passages, bs, kt, nz, oj, rt, seed_passage

KOREA_TIMES = "002_d081907265adfced"


def declaration():
    """002, The Korea Times: the NATO declaration ("We strongly condemn the DPRK's exports of artillery shells")."""
    return seed_passage("002", "The NATO leaders also issued", "the statement added.")


def washington():
    """002, The Korea Times: Yoon's meetings "in the 2024 NATO summit in Washington, D.C."."""
    return seed_passage("002", "President Yoon Suk Yeol and the leaders of NATO", "Wednesday (local time).")


# ---- the three verdicts -----------------------------------------------------------------------------------

SUPPORTED_CASES = [
    (declaration, "NATO condemned North Korea's exports of artillery shells.", "exports of artillery shells"),
    (nz, "Luxon took office in November 2022.", "November 2022"),
    (kt, "South Korea and Japan have taken part in the NATO summit for three consecutive years.",
     "three consecutive years"),
]


@pytest.mark.parametrize(("make", "sentence", "quoted"), SUPPORTED_CASES, ids=[c[1][:40] for c in SUPPORTED_CASES])
@pytest.mark.parametrize("embed", [None, HashEmbed()], ids=["lexical", "embedded"])
def test_a_sentence_a_passage_states_is_supported_with_its_window(make, sentence, quoted, embed):
    p = make()
    got = check_claim(sentence, [p], embed)
    assert got.verdict == SUPPORTED and got.supported, got.reason
    (q, start, end), = got.evidence
    assert q is p and quoted in p.text[start:end]
    assert got.reason == f"supported by {p.outlet}" or got.reason.startswith("supported by the article")


CONTRADICTED_CASES = [  # (passage, sentence, in the reason, in the contradicting window)
    (declaration, "NATO praised North Korea's exports of artillery shells.", 'opposite of "praised"', "condemn"),
    (rt, "North Korea and Russia admitted they were in arms negotiations.", 'opposite of "admitted"', "have denied"),
    (nz, "Trade between South Korea and New Zealand fell over the past decade.", 'opposite of "fell"',
     "significantly increased"),
    (kt, "South Korea and Japan have taken part in the NATO summit for five consecutive years.",
     "has three where the sentence has five", "three consecutive years"),
    (nz, "Luxon took office in November 2021.", "has 2022 where the sentence has 2021", "November 2022"),
    # a month is a date slot: the passage's November, not its "On Wednesday, leaders ..."
    (nz, "Luxon took office in October 2022.", "has November where the sentence has October", "November 2022"),
    (nz, "Trade between South Korea and New Zealand has nearly tripled over the past decade.",
     "has doubling where the sentence has tripled", "nearly doubling"),
    (washington, "The NATO summit was held in Brussels.", "has Washington where the sentence has Brussels",
     "NATO summit in Washington"),
    (oj, "Yoon spoke at the ASEAN summit in Jakarta, Indonesia.", "where the sentence has Jakarta, Indonesia",
     "capital of Laos, Vientiane"),
    (bs, "Luxon arrived in Tokyo on his first trip to Japan.", "has Seoul; South Korea where the sentence has Tokyo; Japan",
     "arrived in Seoul"),
    (nz, "New Zealand exported ballistic missiles to Russia.", "someone other than New Zealand",
     "North Korea's export of ballistic missiles"),
]


@pytest.mark.parametrize(("make", "sentence", "why", "quoted"), CONTRADICTED_CASES,
                         ids=[c[1][:40] for c in CONTRADICTED_CASES])
@pytest.mark.parametrize("embed", [None, HashEmbed()], ids=["lexical", "embedded"])
def test_a_flipped_or_swapped_fact_is_contradicted_by_the_window_that_says_otherwise(make, sentence, why, quoted,
                                                                                   embed):
    p = make()
    got = check_claim(sentence, [p], embed)
    assert got.verdict == CONTRADICTED and not got.supported, got.reason
    assert why in got.reason
    (q, start, end), = got.evidence
    assert q is p and quoted in p.text[start:end]


NOT_FOUND_CASES = [
    (all_passages, "Argentina won the 2022 World Cup final in Qatar."),
    (all_passages, "Yoon said Japan should leave NATO."),
    (all_passages, "The leaders lifted sanctions on North Korea."),
    # the actor is not a slot: a summit attended by Blinken says nothing about Putin
    (lambda: [oj()], "Putin attended the ASEAN summit."),
    # a negated sentence "contradicted" only by a window about something else
    (all_passages, "Yoon did not discuss the weather in Seoul."),
    # a negated sentence has no slot: "not held in Brussels" is not contradicted by "held in Washington"
    (lambda: [washington()], "The NATO summit was not held in Brussels."),
    # a sum is not a count: "worth $5 billion" is not the "two-way trade" of the passage
    (lambda: [bs()], "Luxon and Yoon signed a free trade agreement worth $5 billion."),
    (lambda: [kt()], "Kishida said Japan would send troops to Ukraine."),
]


@pytest.mark.parametrize(("make", "sentence"), NOT_FOUND_CASES, ids=[c[1][:40] for c in NOT_FOUND_CASES])
def test_a_sentence_the_articles_say_nothing_about_is_not_found(make, sentence):
    got = check_claim(sentence, make(), HashEmbed())
    assert got.verdict == NOT_FOUND and not got.supported
    assert got.evidence == []
    assert got.reason.startswith("no passage states this (closest: ")


def test_support_beats_a_weaker_contradiction_and_a_stronger_one_wins():
    advancing = seed_passage("004", "The office did not elaborate", "President Vladimir Putin.")
    denied = seed_passage("004", "North Korea and Russia have denied", "arms negotiations.")
    # "reports that arms negotiations between North Korea and Russia are actively advancing" backs the plain claim
    plain = check_claim("North Korea and Russia are in arms negotiations.", [advancing, denied])
    assert plain.verdict == SUPPORTED and plain.evidence[0][0] is advancing
    # ... but "admitted" is backed only by dropping the word the other passage denies
    admitted = check_claim("North Korea and Russia admitted they were in arms negotiations.", [advancing, denied])
    assert admitted.verdict == CONTRADICTED
    assert [q[0] for q in admitted.evidence] == [denied]
    assert "seems to back it" in admitted.reason


def test_every_outlet_that_contradicts_is_listed_once():
    got = check_claim("Trade between South Korea and New Zealand fell over the past decade.", [nz(), bs(), nz()])
    assert got.verdict == CONTRADICTED
    assert sorted(q[0].doc_id for q in got.evidence) == sorted({nz().doc_id, bs().doc_id})
    assert "(also: " in got.reason


def test_a_sentence_without_a_claim_or_without_passages_is_not_found():
    assert check_claim("Sure.", all_passages()).reason.startswith("not a claim")
    assert check_claim("Trade doubled.", []).verdict == NOT_FOUND


def test_to_dict_offsets_point_at_the_quote_in_the_passage_text():
    p = kt()
    d = check_claim("South Korea and Japan have taken part in the NATO summit for five consecutive years.", [p]).to_dict()
    assert set(d) == {"supported", "verdict", "reason", "evidence"} and d["verdict"] == "contradicted"
    (e,), = [d["evidence"]]
    assert set(e) == {"doc_id", "outlet", "quote", "start", "end"}
    assert (e["doc_id"], e["outlet"]) == (KOREA_TIMES, "The Korea Times")
    assert p.text[e["start"]:e["end"]] == e["quote"] and "three consecutive years" in e["quote"]


# ---- the pieces -------------------------------------------------------------------------------------------

def test_validate_claim_folds_spaces_and_rejects_empty_and_long_sentences():
    assert validate_claim("  Trade   doubled. ", 100) == "Trade doubled."
    for bad in ("", "   ", None, 3):
        with pytest.raises(UserError, match="empty"):
            validate_claim(bad, 100)
    with pytest.raises(UserError, match="101 characters long; the limit is 100"):
        validate_claim("x" * 101, 100)


def test_coverage_counts_antonyms_and_names_stated_elsewhere_in_the_passage():
    assert coverage("Trade fell.", "Trade grew.") == 1.0
    assert coverage("Yoon met Luxon.", "They met.", "Yoon and Luxon") == 1.0
    assert coverage("Yoon met Luxon.", "They met.") == pytest.approx(1 / 3)


def test_subject_names_are_the_names_before_the_act():
    assert subject_names("Yoon and Luxon met in Seoul.") == ["Yoon", "Luxon"]
    assert subject_names("The summit was held in Brussels.") == []


def test_slots_are_missing_values_and_candidates_are_the_passages_values_of_their_kind():
    text = "The IP4 consists of China, India and Japan."
    (slot,) = missing_slots(text, kt().text)  # one coordinated run, Japan is in the passage
    assert text[slot.start:slot.end] == "China, India" and slot.kind == "place"
    (year,) = missing_slots("Luxon took office in November 2021.", nz().text)
    assert (year.kind, year.key) == ("year", "2021")
    assert candidates(year, "Luxon took office in November 2021.", nz().text) == ["2022"]
    guess, spans = substitute("Luxon took office in November 2021.", [year], ("2022",))
    assert guess == "Luxon took office in November 2022." and guess[spans[0][0]:spans[0][1]] == "2022"


def test_a_value_is_placed_where_its_words_and_preposition_are():
    guess = "The NATO summit was held in Washington."
    at = [(guess.index("Washington"), len(guess) - 1)]
    assert placed(guess, at, "the 2024 NATO summit in Washington, D.C.") == (1, 2)  # "in"; NATO, summit
    assert placed(guess, at, "the NATO summit of Washington") == (0, 2)  # not "in" Washington
    assert placed(guess, at, "Biden flew to Washington on Monday.")[1] == 0


# ---- JSONL lines ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "error"), [
    ("not json", "not JSON"),
    ("[1, 2]", "a line must be a JSON object"),
    ('{"passages": []}', 'no "sentence"'),
    ('{"sentence": 3}', '"sentence" must be a string'),
    ('{"sentence": "  "}', "the sentence is empty"),
    ('{"sentence": "' + "x" * 1001 + '"}', "the limit is 1000"),
    ('{"sentence": "a", "passage": []}', 'unknown key "passage"'),
    ('{"sentence": "a", "passages": "text"}', '"passages" must be a list'),
    ('{"sentence": "a", "passages": [{"txt": "x"}]}', 'passage 1 must be an object with a non-empty "text"'),
    ('{"sentence": "a", "passages": [{"text": "x"}, "y"]}', "passage 2 must be an object"),
    ('{"sentence": "a", "passages": [{"text": "x", "outlet": 7}]}', 'passage 1: "outlet" must be a string'),
])
def test_bad_lines_say_what_is_wrong(line, error):
    with pytest.raises(UserError, match=error.replace("(", r"\(").replace("[", r"\[")):
        parse_line(line, 1000)


def test_inline_passages_become_passages_of_their_own():
    a, b = inline_passages([{"text": "Trade doubled.", "outlet": "AP"}, {"text": "Trade fell.", "doc_id": "x", "extra": 1}])
    assert (a.doc_id, a.outlet, a.text, a.start, a.end) == ("passage-1", "AP", "Trade doubled.", 0, 14)
    assert (b.doc_id, b.chunk_id, b.outlet) == ("x", "x:1", "")
    assert parse_line('{"sentence": "Trade doubled."}', 100).passages is None  # search the store


def test_checker_with_inline_passages_never_opens_the_store(tmp_path):
    missing = tmp_path / "no-store"
    checker = Checker(make_settings(missing))
    kt_text = kt().text
    lines = [json.dumps({"sentence": "The IP4 consists of South Korea, Japan, Australia and New Zealand.",
                         "passages": [{"text": kt_text, "outlet": "The Korea Times"}]}), "", "{oops"]
    (first, ok), (second, bad) = checker.run(lines)
    assert (first["verdict"], ok) == ("supported", 0) and first["evidence"][0]["outlet"] == "The Korea Times"
    assert second == {"line": 3, "error": "not JSON (Expecting property name enclosed in double quotes at column 2)"}
    assert bad == 2
    assert checker._engine is None and not missing.exists()
    embed = checker.embedder()  # the default embedder (MiniLM, 384 dimensions) still runs the verifier's cosine
    assert embed is not None and len(embed(["Trade doubled."])[0]) == 384


def test_an_embedder_that_cannot_load_warns_once_and_the_check_goes_on(tmp_path):
    warnings: list[str] = []
    checker = Checker(make_settings(tmp_path / "s", embed="nope"), on_warning=warnings.append)
    line = json.dumps({"sentence": "Trade fell.", "passages": [{"text": "Trade grew."}, {"text": "Trade grew."}]})
    results = [r for r, _ in checker.run([line, line])]
    assert [r["verdict"] for r in results] == ["contradicted", "contradicted"]
    assert len(warnings) == 1 and "unknown NEWSRAG_EMBED 'nope'" in warnings[0]


# ---- the CLI ----------------------------------------------------------------------------------------------

def run_verify(*args: str, stdin: str = "", store=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    env["NEWSRAG_STORE"] = str(store) if store else "/nonexistent/newsrag-store"
    return subprocess.run([sys.executable, "-m", "rag", "verify", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, env=env, timeout=300)


def _inline(sentence: str, *passages) -> str:
    return json.dumps({"sentence": sentence, "passages": [
        {"text": p.text, "doc_id": p.doc_id, "outlet": p.outlet} for p in passages]})


def test_cli_reads_a_file_prints_a_verdict_a_line_and_reports_bad_lines_by_number(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_bytes("\n".join([
        _inline("NATO condemned North Korea's exports of artillery shells.", declaration()),
        "this is not json",
        _inline("NATO praised North Korea's exports of artillery shells.", declaration()),
        '{"sentence": ""}',
        "",  # blank lines are skipped, but counted
        _inline("Argentina won the 2022 World Cup final in Qatar.", *all_passages()),
        '{"sentence": "Trade doubled.", "passages": [{"text": 5}]}',
    ]).encode() + b"\n\xff\xfe broken\n")
    out = run_verify(str(path))
    assert out.returncode == 2, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r.get("verdict", r.get("line")) for r in rows] == ["supported", 2, "contradicted", 4, "not found", 7, 8]
    assert rows[0]["evidence"][0]["doc_id"] == KOREA_TIMES and rows[0]["supported"] is True
    p = declaration()
    for r in (rows[0], rows[2]):
        (e,) = r["evidence"]
        assert p.text[e["start"]:e["end"]] == e["quote"]
    assert rows[1]["error"].startswith("not JSON") and rows[3]["error"].startswith("the sentence is empty")
    assert rows[5]["error"].startswith("passage 1 must be") and rows[6] == {"line": 8, "error": "not UTF-8 text"}
    assert "Traceback" not in out.stderr


def test_cli_reads_stdin_and_exits_0_when_every_line_was_checked():
    lines = "\n".join([_inline("Luxon took office in November 2021.", nz()),
                       _inline("Luxon took office in November 2022.", nz())])
    for args in ([], ["-"]):
        out = run_verify(*args, stdin=lines + "\n")
        assert out.returncode == 0, out.stderr
        assert [json.loads(x)["verdict"] for x in out.stdout.splitlines()] == ["contradicted", "supported"]


def test_cli_searches_the_store_for_a_sentence_alone(seed_store):
    lines = "\n".join(json.dumps({"sentence": s}) for s in [
        "NATO condemned North Korea's exports of artillery shells.",
        "South Korea and Japan have taken part in the NATO summit for five consecutive years.",
        "Argentina won the 2022 World Cup final in Qatar.",
    ])
    out = run_verify("-k", "6", stdin=lines, store=seed_store)
    assert out.returncode == 0, out.stderr
    supported, contradicted, unrelated = (json.loads(x) for x in out.stdout.splitlines())
    assert supported["verdict"] == "supported" and supported["evidence"][0]["doc_id"] == KOREA_TIMES
    assert "condemn" in supported["evidence"][0]["quote"]
    assert contradicted["verdict"] == "contradicted" and "three where the sentence has five" in contradicted["reason"]
    assert "three consecutive years" in contradicted["evidence"][0]["quote"]
    assert unrelated == {"supported": False, "verdict": "not found", "evidence": [], "reason": unrelated["reason"]}


def test_cli_without_a_store_fails_only_the_lines_that_need_one(tmp_path):
    lines = "\n".join([json.dumps({"sentence": "Trade doubled."}),
                       _inline("Luxon took office in November 2021.", nz()),
                       json.dumps({"sentence": "Trade fell."})])
    out = run_verify(stdin=lines, store=tmp_path / "missing")
    assert out.returncode == 2
    first, second, third = (json.loads(x) for x in out.stdout.splitlines())
    assert first == {"line": 1, "error": f"no index at {tmp_path / 'missing'}: build one with "
                                         f"`python -m index build --store {tmp_path / 'missing'}`"}
    assert second["verdict"] == "contradicted" and third["line"] == 3
    assert not (tmp_path / "missing").exists()


def test_cli_file_that_cannot_be_read_is_one_line(tmp_path):
    out = run_verify(str(tmp_path / "nope.jsonl"))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == f"error: cannot read {tmp_path / 'nope.jsonl'}: No such file or directory"


def test_cli_exits_3_when_the_store_cannot_be_opened(tmp_path):
    store = tmp_path / "corrupt"
    store.mkdir()
    (store / "chroma.sqlite3").write_text("not a database")
    out = run_verify(stdin=json.dumps({"sentence": "Trade doubled."}) + "\n" + _inline("Trade fell.", nz()), store=store)
    assert out.returncode == 3, out.stderr
    failed, checked = (json.loads(x) for x in out.stdout.splitlines())
    assert failed["line"] == 1 and failed["error"].startswith(f"cannot open the Chroma store at {store}")
    assert checked["verdict"] == "contradicted"  # the line with its own passages is still checked
