"""The gold set validates, covers every kind, and every key fact is literally in the cleaned story text."""

import json
from collections import Counter

import pytest
from pydantic import ValidationError

from eval import multihop
from eval.gold import SEED_KINDS, SEEDS_FILE, SPLITS, GoldItem, in_split, load_gold, split_key, split_of, subset
from eval.metrics import direct_answer_accuracy, has_alias, timeline_order, yes_no_accuracy
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


# Kinds added with the direct-answer metrics; the data author is writing their items.
NEW_KINDS = ("yes_no", "list", "timeline", "agreement", "near_topic", "metadata", "conversation")


def test_every_kind_is_covered_several_times(items):
    counts = Counter(i.kind for i in items)
    assert counts["off_corpus"] >= 8
    assert all(counts[k] >= 3 for k in SEED_KINDS if k not in NEW_KINDS), counts


def test_every_new_kind_is_covered_several_times(items):
    counts = Counter(i.kind for i in items)
    missing = [k for k in NEW_KINDS if counts[k] == 0]
    if missing:
        pytest.skip(f"no gold items yet of kind {', '.join(missing)}")
    assert all(counts[k] >= 3 for k in NEW_KINDS), counts


def test_gold_docs_exist_and_outlets_are_their_citation_labels(items, articles):
    for item in items:
        assert [articles[d].label for d in item.gold_doc_ids] == item.gold_outlets, item.id


def _gold_texts(item, articles) -> list[str]:
    """Story text and metadata (outlet, author, credit, title, date) of each gold article."""
    return [f"{a.text} {a.outlet} {a.author} {a.credit} {a.title} {a.published}"
            for a in (articles[d] for d in item.gold_doc_ids)]


def test_every_key_fact_is_in_the_cleaned_story_or_its_metadata(items, articles):
    """The first alias of each fact must be literal in a gold article (story text, or its metadata for byline
    and metadata questions; a date may match through any of its spellings, the store keeps ISO dates):
    boilerplate never counts, since cleaning removed it."""
    for item in items:
        for fact in item.key_facts:
            aliases = fact if item.kind == "metadata" else fact[:1]
            assert any(has_alias(t, aliases) for t in _gold_texts(item, articles)), (item.id, fact[0])


def test_timeline_phrases_are_in_the_articles_and_the_reference_keeps_their_order(items, articles):
    for item in (i for i in items if i.order):
        for phrase in item.order:
            assert any(has_alias(t, [phrase]) for t in _gold_texts(item, articles)), (item.id, phrase)
        assert timeline_order(item.answer, item.order) == 1.0, item.id


def test_reference_answers_state_their_short_answer(items):
    for item in (i for i in items if i.short):
        assert direct_answer_accuracy(item.answer, item.short) == 1.0, item.id
        if yes_no_accuracy(item.short[0], item.short) is not None:
            assert yes_no_accuracy(item.answer, item.short) == 1.0, item.id
    yes_no = [i for i in items if i.kind == "yes_no"]
    assert all(yes_no_accuracy(i.answer, i.short) is not None for i in yes_no)


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
    ({"kind": "conversation", "id": "conv-seoul-2"}, "history"),
    ({"kind": "conversation", "history": ["Who met?"]}, "conv-<name>-<turn number>"),
    ({"kind": "timeline"}, "order"),
    ({"kind": "timeline", "order": ["Jakarta"]}, "at least 2"),
    ({"kind": "near_topic"}, "must have no"),  # GOOD has key facts, gold docs and outlets
    ({"kind": "near_topic", "key_facts": [], "gold_doc_ids": [], "gold_outlets": [], "short": "No"}, "short"),
    ({"short": ["Yes", " "]}, "empty"),
    ({"order": ["Jakarta", ""]}, "empty"),
])
def test_malformed_item_error_names_file_line_and_id(tmp_path, bad, message):
    broken = json.dumps({**json.loads(GOOD), "id": "broken-7", **bad})
    with pytest.raises(UserError) as err:
        load_gold(_write(tmp_path, [GOOD, broken]))
    text = str(err.value)
    item_id = bad.get("id", "broken-7")
    assert "bad.jsonl:2" in text and item_id in text and message in text


def _item(**kw) -> GoldItem:
    return GoldItem.model_validate({**json.loads(GOOD), **kw})


def test_short_accepts_a_string_or_a_list_of_aliases():
    assert _item(short="Fumio Kishida").short == ["Fumio Kishida"]
    assert _item(short=["Kishida", "Fumio Kishida"]).short == ["Kishida", "Fumio Kishida"]
    assert _item().short == [] and _item().order == []


def test_new_kinds_validate():
    timeline = _item(kind="timeline", order=["Jakarta", "Vientiane"])
    assert timeline.order == ["Jakarta", "Vientiane"] and timeline.answerable
    near = GoldItem(id="near-1", kind="near_topic", question="What did Yoon eat in Jakarta?", answer="Not covered.")
    assert not near.answerable
    conv = _item(id="conv-seoul-3", kind="conversation", history=["Who met in Seoul?", "When?"])
    assert conv.history and conv.answerable
    assert _item(id="conv-seoul-1", kind="conversation").history == []  # the first turn stands alone
    for kind in ("yes_no", "list", "agreement", "metadata"):
        assert _item(kind=kind, short="Yes").short == ["Yes"]


# --- split --------------------------------------------------------------------------------------------------------
def test_split_is_the_parity_of_the_ids_first_sha256_byte():
    # Literal values (sha256 of each id starts ab, 8a, 11, 3a, 16): a changed rule cannot pass unnoticed.
    assert split_of("date-summit") == "test" and split_of("single-ip4-members") == "test"
    assert split_of("off-sensex") == "calibration" and split_of("follow-lavrov") == "calibration"
    assert split_of("conv-seoul-3") == split_of("conv-seoul") == "calibration"
    assert _item(id="date-summit").split == "test"


def test_conversation_turns_split_together():
    assert split_key("conv-seoul-12") == "conv-seoul" and split_key("conv-a-b-2") == "conv-a-b"
    assert split_key("conv-seoul") == "conv-seoul" and split_key("follow-lavrov") == "follow-lavrov"
    for name in ("seoul", "jakarta", "nato", "ip4", "laos", "trade"):
        halves = {split_of(f"conv-{name}-{n}") for n in range(1, 8)}
        assert halves == {split_of(f"conv-{name}")}, name
    items = [_item(id=f"conv-{name}-{n}", kind="conversation", history=["Who?"])
             for name in ("seoul", "jakarta", "nato", "ip4") for n in (1, 2, 3)]
    for half in SPLITS:
        chosen = in_split(items, half)
        names = {split_key(i.id) for i in chosen}
        assert len(chosen) == 3 * len(names)  # every turn of a chosen conversation, none of the others


def test_both_halves_of_the_real_seeds_file_are_useful(items):
    halves = {half: in_split(items, half) for half in SPLITS}
    assert sum(len(h) for h in halves.values()) == len(items)
    assert {i.id for i in halves["calibration"]}.isdisjoint({i.id for i in halves["test"]})
    for half, chosen in halves.items():
        assert len(chosen) >= len(items) // 4, half
        assert any(i.answerable for i in chosen) and any(not i.answerable for i in chosen), half
    conversations: dict[str, set[str]] = {}
    for item in items:
        if item.id.startswith("conv-"):
            conversations.setdefault(split_key(item.id), set()).add(item.split)
    assert all(len(h) == 1 for h in conversations.values()), conversations


def test_subset_takes_the_split_first_and_rejects_unknown_splits(items):
    test_half = subset(items, None, "test")
    assert test_half == [i for i in items if i.split == "test"]
    assert all(i.split == "calibration" for i in subset(items, 5, "calibration"))
    assert len(subset(items, 5, "calibration")) == 5
    assert subset(items, None, "all") == items == in_split(items, None)
    with pytest.raises(UserError, match="unknown split 'holdout'"):
        subset(items, None, "holdout")


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
    assert all(g.gold_doc_ids and g.key_facts == [[g.answer]] and g.short == [g.answer] for g in answerable)
    assert all(not g.short for g in gold if not g.answerable)
    assert {g.split for g in gold} == set(SPLITS)
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
