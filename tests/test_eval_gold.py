"""The gold set validates, covers every kind, and every key fact is literally in the cleaned story text."""

import json
from collections import Counter

import pytest
from pydantic import ValidationError

from eval import multihop
from eval.gold import SEED_KINDS, SEEDS_FILE, GoldItem, load_gold, subset
from eval.metrics import has_alias
from index.errors import UserError
from index.load import load_articles
from index.settings import BUNDLED_CORPUS, Settings

# Off-corpus questions and the page boilerplate that tempts an answer: on the raw page, never in a story.
TEMPTATIONS = {
    "off-olympics-selfie": "selfie", "off-uber-ceo": "Uber", "off-sextech": "Sextech",
    "off-face-mist": "Face Mist", "off-drone-repair": "repairing drones", "off-croatia-grain": "Croatian ports",
    "off-sensex": "Sensex", "off-carbon-court": "carbon emissions", "off-pension-fund": "pension fund",
    "off-fan-yifei": "Fan Yifei", "off-nato-treaty": "Cold War", "off-ramstein": "Ramstein",
}


@pytest.fixture(scope="module")
def items():
    return load_gold()


@pytest.fixture(scope="module")
def articles():
    loaded, rejected = load_articles(BUNDLED_CORPUS, Settings(_env_file=None))
    assert not rejected
    return {a.doc_id: a for a in loaded}


def test_seeds_file_validates_with_enough_items(items):
    assert len(items) >= 45
    assert len({i.id for i in items}) == len(items)


def test_every_kind_is_covered_several_times(items):
    counts = Counter(i.kind for i in items)
    assert counts["off_corpus"] >= 8
    assert all(counts[k] >= 3 for k in SEED_KINDS), counts


def test_gold_docs_exist_and_outlets_are_their_citation_labels(items, articles):
    for item in items:
        assert [articles[d].label for d in item.gold_doc_ids] == item.gold_outlets, item.id


def test_every_key_fact_is_in_the_cleaned_story_or_its_metadata(items, articles):
    """The first alias of each fact must be literal in a gold article (story text, or outlet/author/credit for
    byline questions): boilerplate never counts, since cleaning removed it."""
    for item in items:
        for fact in item.key_facts:
            texts = [f"{a.text} {a.outlet} {a.author} {a.credit}" for a in (articles[d] for d in item.gold_doc_ids)]
            assert any(has_alias(t, fact[:1]) for t in texts), (item.id, fact[0])


def test_syndicated_items_credit_both_copies(items):
    for item in items:
        if item.kind == "syndicated":
            assert set(item.gold_doc_ids) == {"000_a492bad89cb52a3e", "001_546bd0455f068fcd"}, item.id


def test_off_corpus_temptations_are_boilerplate_only(items, articles):
    ids = {i.id for i in items if i.kind == "off_corpus"}
    assert set(TEMPTATIONS) <= ids
    raw = " ".join(p.read_text(encoding="utf-8") for p in BUNDLED_CORPUS.glob("*.txt"))
    stories = " ".join(a.text for a in articles.values())
    for item_id, term in TEMPTATIONS.items():
        assert term.lower() in raw.lower(), item_id
        assert term.lower() not in stories.lower(), item_id


def _write(tmp_path, lines):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "ok-1", "kind": "date", "question": "When?", "answer": "June.", "key_facts": [["June"]],
                   "gold_doc_ids": ["d"], "gold_outlets": ["o"]})


@pytest.mark.parametrize("bad,message", [
    ({"extra": 1}, "extra"),
    ({"kind": "trivia"}, "kind"),
    ({"key_facts": []}, "key_facts"),
    ({"key_facts": [[]]}, "alias"),
    ({"kind": "off_corpus"}, "must have no"),
    ({"kind": "follow_up"}, "history"),
])
def test_malformed_item_error_names_file_line_and_id(tmp_path, bad, message):
    broken = json.dumps({**json.loads(GOOD), "id": "broken-7", **bad})
    with pytest.raises(UserError) as err:
        load_gold(_write(tmp_path, [GOOD, broken]))
    text = str(err.value)
    assert "bad.jsonl:2" in text and "broken-7" in text and message in text


def test_malformed_json_and_duplicates_name_the_line(tmp_path):
    with pytest.raises(UserError, match=r"bad\.jsonl:2: malformed JSON"):
        load_gold(_write(tmp_path, [GOOD, "{not json"]))
    with pytest.raises(UserError, match=r"bad\.jsonl:3 \(item 'ok-1'\): duplicate id \(first on line 1\)"):
        load_gold(_write(tmp_path, [GOOD, "", GOOD]))


def test_missing_gold_file_says_what_to_do(tmp_path):
    with pytest.raises(UserError, match="--gold"):
        load_gold(tmp_path / "nope.jsonl")


def test_subset_round_robins_over_kinds(items):
    small = subset(items, 3)
    assert len({i.kind for i in small}) == 3
    assert "off_corpus" in {i.kind for i in small}
    assert subset(items, None) == items


def test_multihop_benchmark_becomes_articles_and_gold_items():
    queries, truth = multihop.load_benchmark(multihop.find_benchmark())
    articles = multihop.build_articles(truth)
    gold = multihop.gold_items(queries, truth)
    assert len(articles) == 326 and len(gold) == 500
    assert Counter(g.kind for g in gold)["null"] == 71
    ids = {a["id"] for a in articles}
    assert all(set(g.gold_doc_ids) <= ids for g in gold)
    answerable = [g for g in gold if g.answerable]
    assert all(g.gold_doc_ids and g.key_facts == [[g.answer]] for g in answerable)
    assert all(isinstance(v, str) for a in articles for v in a.values())


def test_multihop_articles_read_back_through_the_indexer(tmp_path):
    truth = {"q": {"answer": "Yes", "evidence_list": [
        {"url": "https://x/a", "source": "TechCrunch", "title": "A", "author": "Kim",
         "published_at": "2023-10-01T14:00:29+00:00", "fact": "Alpha rose sharply on Monday."},
        {"url": "https://x/a", "source": "TechCrunch", "title": "A", "author": "Kim",
         "published_at": "2023-10-01T14:00:29+00:00", "fact": "Beta fell on Tuesday."}]}}
    folder = multihop.write_corpus(multihop.build_articles(truth), tmp_path / "mh").parent
    loaded, rejected = load_articles(folder, Settings(_env_file=None))
    assert not rejected and len(loaded) == 1
    a = loaded[0]
    assert (a.outlet, a.published, a.author) == ("TechCrunch", "2023-10-01", "Kim")
    assert a.text == "Alpha rose sharply on Monday. Beta fell on Tuesday."


def test_missing_benchmark_dir_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="--benchmark-dir"):
        multihop.find_benchmark(tmp_path)


def test_gold_item_is_immutable():
    item = GoldItem.model_validate_json(GOOD)
    with pytest.raises(ValidationError, match="frozen"):
        item.id = "x"  # type: ignore[misc]
    assert SEEDS_FILE.name == "seeds.jsonl"


def test_malformed_multihop_query_names_its_id():
    queries = [{"id": "7", "question": "Who?", "question_type": "trivia_query"}]
    with pytest.raises(UserError, match="MultiHop-RAG query '7': kind"):
        multihop.gold_items(queries, {"7": {"answer": "X", "evidence_list": []}})
