"""The verifier against sentences a small model writes about the seed articles.

Each case is a sentence SmolLM2-style answers produce: faithful paraphrases must pass, invented facts (swapped
countries, wrong years and counts, flipped negations) must fail with a reason a reader can act on.
Passages are chunks of the bundled articles (tests/passages.py).
"""

from __future__ import annotations

import pytest

from rag.answer import Answer, Passage
from rag.language.words import (
    canonical,
    content_stems,
    find_names,
    find_numbers,
    name_key,
    negated_stems,
    numbers_in,
    stem,
)
from rag.reply.degenerate import is_degenerate
from rag.verification.features import FEATURES, features
from rag.verification.learned import SupportModel, support_model
from rag.verification.verifier import NOT_A_CLAIM, Assessment, assess, verify_answer, verify_sentence
from tests.fakes import HashEmbed
from tests.passages import all_passages, article_text, bs, kt, nz, oj, rt

# ---- Faithful paraphrases pass ---------------------------------------------------------------------------

PARAPHRASES = [
    (nz, "Luxon took office in November 2022.", "November 2022"),
    (bs, ("The leaders of South Korea and New Zealand condemned the growing military cooperation between "
          "North Korea and Russia."), "strongly condemned the deepening military cooperation"),
    (nz, "Trade between the two countries has nearly doubled over the past decade.", "nearly doubling"),
    (bs, "Two-way trade between South Korea and New Zealand roughly doubled in the past decade.",
     "approximately doubled"),
    (bs, "Yoon and Luxon agreed to launch a regular economic security dialogue.", "decided to launch"),
    (nz, "Yoon and Luxon agreed to start a regular bilateral economic security dialogue.",
     "agreed to initiate"),
    (kt, "The IP4 consists of South Korea, Japan, Australia and New Zealand.",
     "Japan, Australia and New Zealand"),
    (kt, "Yoon attended the NATO summit as head of the IP4, along with Japan, Australia and New Zealand.",
     "head of Indo-Pacific Partners 4 (IP4)"),
    (kt, "South Korea and Japan have taken part in the NATO summit for three consecutive years.",
     "three consecutive years"),
    (kt, "South Korea and Japan have joined the NATO summit for 3 consecutive years as part of the IP4.",
     "three consecutive years"),
    (bs, "Luxon arrived in Seoul on his first trip to South Korea since taking office.", "arrived in Seoul"),
    (bs, ("They condemned North Korea's export of ballistic missiles to Russia, which violates U.N. Security "
         "Council resolutions."), "UN Security Council resolutions"),
    (bs, "The leaders condemned Russia's war against Ukraine.", "Russia's war against Ukraine"),
    (bs, "S Korea and NZ leaders denounced North Korea's illegal nuclear and missile programs.",
     "illegal nuclear and missile development programmes"),
    (oj, ("Yoon said the illegal military cooperation between Russia and North Korea is prolonging the war "
          "in Ukraine."), "prolonging the war in Ukraine"),
    (oj, "Yoon spoke at the ASEAN summit in Vientiane, Laos.", "Vientiane"),
    (oj, "The international community will never tolerate North Korea's nuclear development, Yoon said.",
     "never tolerate"),
    (oj, "The ASEAN summit was attended by leaders from the ten member countries.", "10 member countries"),
    (rt, "North Korea and Russia have denied that they were in arms negotiations.", "have denied"),
    (rt, ("Yoon said any military cooperation with North Korea that harms international peace must stop "
         "immediately."), "must immediately halt"),
    (rt, "Yoon spoke at a summit with ASEAN countries in Jakarta, Indonesia.", "Jakarta, Indonesia"),
    (nz, "Yoon and Luxon met in Seoul on Wednesday.", "convened in Seoul"),
    (kt, "Yoon said the moves are causing serious security concerns for East Asia and the whole world.",
     "serious concerns over security"),
    (nz, "Luxon visited South Korea for the first time as prime minister.", "inaugural visit"),
    (bs, "The two leaders released a joint statement.", "joint statement"),
    (bs, "North Korea exported ballistic missiles to Russia in violation of UN resolutions.",
     "export of ballistic missiles"),
    (oj, ("Yoon urged the international community to unite against military cooperation between Russia and "
         "North Korea."), "unite to counter"),
    (oj, "Participants included Antony Blinken, Li Qiang and Sergey Lavrov.", "Antony Blinken"),
    (rt, "Kim Jong Un plans to visit Russia soon to meet Putin.", "plans to visit Russia soon"),
]


@pytest.mark.parametrize(("make", "sentence", "quoted"), PARAPHRASES, ids=[c[1][:40] for c in PARAPHRASES])
def test_faithful_paraphrase_is_supported_and_quotes_its_source(make, sentence, quoted):
    p = make()
    v = verify_sentence(sentence, [p], [p])
    assert v.supported, v.reason
    assert v.passages == [p]
    (qp, s, e), = v.quotes
    assert qp is p and quoted in p.text[s:e]
    assert 0.5 <= v.score <= 1.0


@pytest.mark.parametrize(("make", "sentence", "quoted"), PARAPHRASES, ids=[c[1][:40] for c in PARAPHRASES])
def test_faithful_paraphrase_survives_the_embedding_check(make, sentence, quoted):
    p = make()
    assert verify_sentence(sentence, [p], [p], HashEmbed()).supported


@pytest.fixture(scope="module")
def minilm():
    """The default embedder, which MIN_COSINE is calibrated on (local ONNX model, no network)."""
    from index.embed import embed_texts, make_embedder

    model = make_embedder("minilm-int8")
    return lambda texts: embed_texts(model, texts)


@pytest.mark.integration
def test_with_the_default_embedder_paraphrases_pass_and_fabrications_fail(minilm):
    for make, sentence, _ in PARAPHRASES:
        p = make()
        assert verify_sentence(sentence, [p], [p], minilm).supported, sentence
    for make, sentence, reason in FABRICATIONS:
        p = make()
        assert verify_sentence(sentence, [p], [p], minilm).reason == reason, sentence


# ---- Invented facts fail, and say why --------------------------------------------------------------------

FABRICATIONS = [
    (kt, "The IP4 consists of China, India, Japan and South Korea.", "names not in source: China, India"),
    (nz, "Luxon took office in November 2021.", "number 2021 not in source"),
    (bs, "Luxon took office in November 2022.", "number 2022 not in source"),
    (nz, "Trade between the two countries has nearly tripled over the past decade.",
     "number tripled not in source"),
    (nz, "Trade between South Korea and Japan has nearly doubled over the past decade.",
     "names not in source: Japan"),
    (kt, "South Korea and Japan have taken part in the NATO summit for five consecutive years.",
     "number five not in source"),
    (bs, "Luxon and Yoon signed a free trade agreement worth $5 billion.", "number 5 billion not in source"),
    (bs, "Luxon arrived in Tokyo on his first trip to Japan.", "names not in source: Tokyo, Japan"),
    (oj, "Yoon spoke at the ASEAN summit in Jakarta, Indonesia.", "names not in source: Jakarta, Indonesia"),
    (rt, "Yoon spoke at the ASEAN summit in Vientiane, Laos.", "names not in source: Vientiane, Laos"),
    (kt, "Kishida said Japan would send troops to Ukraine.", "names not in source: Ukraine"),
    (nz, "Luxon said New Zealand will join NATO next year.", "names not in source: NATO"),
    (bs, "The leaders agreed to cut carbon emissions by half by 2030.", "number 2030 not in source"),
    (oj, "Yoon met Chinese Premier Li Qiang in Seoul to discuss trade.", "low overlap"),
    (nz, "The summit resulted in a new defence pact between the two countries.", "low overlap"),
    (kt, "Yoon said Japan should leave NATO.", "low overlap"),
    (bs, "Luxon will visit North Korea next month.", "low overlap"),
    (bs, "The leaders lifted sanctions on North Korea.", "low overlap"),
    (nz, "Yoon and Luxon signed a free trade agreement.", "low overlap"),
    (nz, "New Zealand exported ballistic missiles to Russia.",
     "subject not in the quoted sentences: New Zealand"),
    (oj, "Putin attended the ASEAN summit.", "names not in source: Putin"),
    (bs, "Kim Jong Un attended the summit in Seoul.", "names not in source: Kim Jong Un"),
    # "fell" against "increased" (grow): the antonym lexicon says why
    (nz, "Trade between South Korea and New Zealand fell over the past decade.", "negation differs from source: fall"),
    # relations: whose exports, and what was launched (once blind spots of the bag of words)
    (bs, "Luxon condemned South Korea's missile exports to Russia.", "names differ from source: South Korea"),
    (bs, "Yoon and Luxon agreed to launch a military alliance.", "part not in source: a military alliance"),
]


@pytest.mark.parametrize(("make", "sentence", "reason"), FABRICATIONS, ids=[c[1][:40] for c in FABRICATIONS])
def test_invented_fact_is_unsupported_with_its_reason(make, sentence, reason):
    p = make()
    v = verify_sentence(sentence, [p], [p])
    assert not v.supported
    assert v.reason == reason
    assert v.passages == []


NEGATIONS = [
    (bs, ("The leaders of South Korea and New Zealand did not condemn the military ties between North Korea "
          "and Russia."), "condemn"),
    (bs, "The leaders never condemned Russia's war against Ukraine.", "condemn"),
    (bs, "Yoon and Luxon didn't agree to a regular economic security dialogue.", "agre"),
    (rt, "North Korea and Russia admitted they were in arms negotiations.", "admit"),
    (oj, "The international community will tolerate North Korea's nuclear development, Yoon said.", "toler"),
    (kt, "Yoon said the security of the North Atlantic and Northeast Asia are separate issues.", "separ"),
]


@pytest.mark.parametrize(("make", "sentence", "word"), NEGATIONS, ids=[c[1][:40] for c in NEGATIONS])
def test_flipped_polarity_is_unsupported(make, sentence, word):
    p = make()
    for embed in (None, HashEmbed()):
        v = verify_sentence(sentence, [p], [p], embed)
        assert not v.supported
        assert v.reason.startswith("negation differs from source") and word in v.reason


# Known limits of a bag-of-words verifier: roles and new acts built only from the source's own words.
# strict=True: when one starts passing, the test says so and moves to FABRICATIONS.
BLIND_SPOTS = [
    (bs, "Russia condemned North Korea's nuclear programme."),  # who condemned whom: "the two leaders" is no name
    (oj, "Yoon praised Russia's military cooperation with North Korea."),  # the source calls it illegal
]


@pytest.mark.xfail(strict=True, reason="roles and evaluative words are beyond content-word matching")
@pytest.mark.parametrize(("make", "sentence"), BLIND_SPOTS, ids=[c[1][:40] for c in BLIND_SPOTS])
def test_blind_spots_of_lexical_verification(make, sentence):
    p = make()
    assert not verify_sentence(sentence, [p], [p]).supported


def test_copied_opening_does_not_carry_an_invented_tail():
    # SmolLM2's answer on the seed store: the first clause is 000's sentence, the second is made up.
    p = nz()
    v = verify_sentence("They emphasized the seriousness of their ongoing nuclear and missile development "
                        "programs, which is a sign that they are not only interested in trade but also "
                        "military cooperation with them.", [p], [p])
    assert not v.supported
    assert v.reason.startswith("part not in source: which is a sign that")


def test_two_supported_clauses_pass_and_an_invented_one_fails():
    p = bs()
    both = ("Yoon and Luxon agreed to launch an economic security dialogue, while trade between the two "
            "countries nearly doubled over the past decade.")
    assert verify_sentence(both, [p], [p]).supported
    invented = ("The leaders condemned North Korea's missile exports to Russia, but they agreed to launch a "
                "free trade zone with North Korea.")
    assert not verify_sentence(invented, [p], [p]).supported


def test_weak_paraphrase_is_flagged_rather_than_trusted():
    # True, but it shares only "summit" besides its names: the verifier prefers a false flag to a false pass.
    p = rt()
    v = verify_sentence("The summit took place in Jakarta, Indonesia.", [p], [p])
    assert not v.supported and v.reason == "low overlap"


def test_negative_claim_matching_a_negative_source_is_supported():
    p = rt()
    v = verify_sentence("The office did not elaborate on Yoon's comment.", [p], [p])
    assert v.supported, v.reason
    assert "did not elaborate" in p.text[v.quotes[0][1]:v.quotes[0][2]]


def test_unrelated_negation_in_the_source_does_not_flag_a_positive_claim():
    # The window holds "The office did not elaborate", which says nothing about the comment's context.
    p = rt()
    v = verify_sentence("Yoon's comment came amid reports that arms negotiations between North Korea and "
                        "Russia are actively advancing.", [p], [p])
    assert v.supported, v.reason


# ---- Citations: kept, re-attributed, shared --------------------------------------------------------------

def test_right_citation_is_kept_first_and_other_outlets_that_carry_the_fact_are_added():
    nz_p, bs_p, kt_p = nz(), bs(), kt()
    v = verify_sentence("Trade between South Korea and New Zealand has nearly doubled over the past decade.",
                        [bs_p], [nz_p, bs_p, kt_p])
    assert v.supported
    assert [p.doc_id for p in v.passages] == [bs_p.doc_id, nz_p.doc_id]
    assert "approximately doubled" in bs_p.text[v.quotes[0][1]:v.quotes[0][2]]
    assert "nearly doubling" in nz_p.text[v.quotes[1][1]:v.quotes[1][2]]


def test_wrong_citation_is_reattributed_to_the_passage_that_supports_it():
    bs_p, kt_p = bs(), kt()
    sentence = "The IP4 consists of South Korea, Japan, Australia and New Zealand."
    v = verify_sentence(sentence, [bs_p], [bs_p, kt_p])
    assert v.supported
    assert v.passages == [kt_p]


def test_year_only_one_outlet_states_moves_the_citation_to_that_outlet():
    # Business Standard says "last November"; only the unnamed outlet (000) says "November 2022".
    nz_p, bs_p = nz(), bs()
    v = verify_sentence("Luxon took office in November 2022.", [bs_p], [nz_p, bs_p])
    assert v.supported
    assert v.passages == [nz_p]


def test_uncited_sentence_is_attributed_to_its_support():
    v = verify_sentence("Yoon spoke at the ASEAN summit in Vientiane, Laos.", [], all_passages())
    assert v.supported
    assert [p.outlet for p in v.passages] == ["The Odessa Journal"]


def test_unsupported_everywhere_keeps_the_cited_passage_closest_span_for_display():
    kt_p = kt()
    v = verify_sentence("The IP4 consists of China, India, Japan and South Korea.", [kt_p], all_passages())
    assert not v.supported and v.passages == []
    (qp, s, e), = v.quotes
    assert qp is kt_p and "IP4" in kt_p.text[s:e]
    assert v.reason == "names not in source: China, India"


def test_syndicated_copies_all_support_the_sentence():
    bs_p = bs()
    ap = Passage(doc_id="ap-feed", chunk_id="ap-feed:0", text=bs_p.text, start=0, end=len(bs_p.text),
                 outlet="AP", title="S Korea, NZ condemn North Korea-Russia ties")
    sentence = "Yoon and Luxon agreed to launch a regular economic security dialogue."
    v = verify_sentence(sentence, [bs_p], [bs_p, ap])
    assert [p.outlet for p in v.passages] == ["Business Standard", "AP"]


def test_two_chunks_of_one_article_count_as_one_source():
    whole = bs()
    second = Passage(doc_id=whole.doc_id, chunk_id=whole.chunk_id + "b", text=whole.text, start=whole.start,
                     end=whole.end, outlet=whole.outlet, title=whole.title)
    v = verify_sentence("The leaders condemned Russia's war against Ukraine.", [whole], [whole, second])
    assert v.passages == [whole]


def test_quote_is_a_one_or_two_sentence_window_of_the_passage():
    p = nz()
    v = verify_sentence("Luxon, who took office in November 2022, met Yoon in Seoul to discuss North Korea "
                        "and Russia's military collaboration.", [p], [p])
    assert v.supported, v.reason
    _, s, e = v.quotes[0]
    quote = p.text[s:e]
    assert quote.startswith("On Wednesday") and quote.endswith("in November 2022.")


# ---- Claims, empties and the embedding signal ------------------------------------------------------------

@pytest.mark.parametrize("text", ["Sure.", "Yes!", "Here is the answer:", "I hope this helps."])
def test_a_sentence_without_content_is_not_a_claim(text):
    p = nz()
    assert verify_sentence(text, [p], [p]).reason == NOT_A_CLAIM


def test_no_passages_means_no_support():
    v = verify_sentence("Luxon took office in November 2022.", [], [])
    assert not v.supported and v.reason == "no sources"


class Orthogonal:
    """An embedder under which no two texts are alike: isolates the cosine veto."""

    def __call__(self, texts: list[str]) -> list[list[float]]:
        return [[1.0 if i == k else 0.0 for i in range(len(texts))] for k in range(len(texts))]


def test_low_cosine_vetoes_weak_lexical_support_only():
    p = kt()
    weak = "Yoon held a summit with Kishida."  # recall 0.75: needs the embedding to agree
    assert verify_sentence(weak, [p], [p]).supported
    v = verify_sentence(weak, [p], [p], Orthogonal())
    assert not v.supported and v.reason == "low similarity"
    strong = "Yoon met Japanese Prime Minister Fumio Kishida at the NATO summit."  # recall 0.89
    assert verify_sentence(strong, [p], [p], Orthogonal()).supported


def test_score_blends_recall_and_cosine_when_embedding():
    p = nz()
    plain = verify_sentence("Luxon took office in November 2022.", [p], [p])
    embedded = verify_sentence("Luxon took office in November 2022.", [p], [p], HashEmbed())
    assert plain.score == 1.0
    assert 0.5 < embedded.score < 1.0


# ---- Features the verdict is made of ---------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "names"), [
    ("The IP4 consists of China, India, Japan and South Korea.",
     ["IP4", "China", "India", "Japan", "South Korea"]),
    ("On Monday, Prime Minister Luxon met NATO.", ["Monday", "Luxon", "NATO"]),
    ("Leaders of S Korea, NZ condemn North Korea-Russia ties.",
     ["Leaders", "South Korea", "New Zealand", "North Korea", "Russia"]),
    ("The U.N. Security Council and the U.S. agreed.", ["United Nations Security Council", "United States"]),
    ("During the summit, they agreed.", []),
    ("However, Japanese Prime Minister Fumio Kishida spoke.", ["Japanese", "Fumio Kishida"]),
])
def test_find_names(sentence, names):
    assert find_names(sentence) == names


@pytest.mark.parametrize(("text", "keys"), [
    ("in November 2022", ["2022"]),
    ("$830 bn public pension fund", ["8.3e+11"]),
    ("more than $500 million a year", ["500000000"]),
    ("the estimated 100,000 people", ["100000"]),
    ("for three consecutive years", ["3"]),
    ("one of the leaders", []),  # "one" is rarely a count a sentence asserts
    ("nearly doubling", ["x2"]),
    ("IP4 and COVID-19 and the 75th anniversary", ["75"]),
    ("a 1.5% rise", ["1.5"]),
])
def test_find_numbers(text, keys):
    assert [k for _, k in find_numbers(text)] == keys


def test_source_numbers_match_scaled_and_written_forms():
    assert numbers_in("$830 bn and one envoy") == {"8.3e+11", "830", "1"}
    assert "10" in numbers_in("the ten member countries")


@pytest.mark.parametrize(("text", "negated"), [
    ("They did not immediately condemn it.", {"immediat", "condemn"}),
    ("The office did not elaborate but his comment stands.", {"elabor"}),
    ("North Korea and Russia have denied they were in arms negotiations.", {"arm"}),
    ("It will never tolerate North Korea's nuclear development.", {"toler"}),
    ("a threat to not only South Korea, but also the world", set()),
    ("They didn't agree.", {"agre"}),
    ("Yoon and Luxon agreed.", set()),
])
def test_negated_stems(text, negated):
    assert negated_stems(text) == negated


@pytest.mark.parametrize(("a", "b"), [
    ("condemned", "condemning"), ("programmes", "programs"), ("emphasised", "emphasized"),
    ("doubled", "doubling"),
    ("countries", "country"), ("met", "meeting"), ("denounced", "condemns"), ("initiate", "launch"),
    ("agreed", "decided"), ("discussed", "discusses"), ("raised", "raise"),
])
def test_stem_folds_inflections_and_news_synonyms(a, b):
    assert stem(a) == stem(b)


def test_aliases_fold_to_one_spelling():
    assert canonical("S Korea, N. Korea, the U.S. and the UN, NZ and DPRK") == (
        "South Korea, North Korea, the United States and the United Nations, New Zealand and North Korea")
    assert canonical("let us go") == "let us go"  # the pronoun stays a pronoun
    folded = name_key("South Korean leaders' U.N. talks, Yoon's NATO")
    assert folded == "south korea leader united nation talk yoon nato"


def test_content_stems_skip_function_words():
    assert content_stems("Yoon and Luxon met in Seoul.") == {"yoon", "luxon", "meet", "seoul"}
    assert content_stems("Sure, here it is.") == set()


# ---- verify_answer: the model's whole answer -------------------------------------------------------------

def test_verify_answer_mixes_supported_and_flagged_sentences():
    nz_p, bs_p, kt_p = nz(), bs(), kt()
    text = ("Sure. Luxon took office in November 2022 [1]. The IP4 consists of China, India, Japan and South "
            "Korea [3]. Trade between the two countries has nearly doubled over the past decade. [2]")
    sentences = verify_answer(text, [nz_p, bs_p, kt_p])
    assert [s.text for s in sentences] == [
        "Luxon took office in November 2022.",
        "The IP4 consists of China, India, Japan and South Korea.",
        "Trade between the two countries has nearly doubled over the past decade.",
    ]
    assert [s.supported for s in sentences] == [True, False, True]
    took, ip4, trade = sentences
    assert [c.outlet for c in took.citations] == [nz_p.title]  # unknown outlet: cited by title
    assert ip4.reason == "names not in source: China, India"
    assert [(c.outlet, c.supported) for c in ip4.citations] == [("The Korea Times", False)]
    assert [c.outlet for c in trade.citations] == ["Business Standard", nz_p.title]


def test_citation_offsets_point_at_the_quote_in_the_article():
    p = nz()
    (s,) = verify_answer("Luxon took office in November 2022 [1].", [p])
    c = s.citations[0]
    assert article_text(p)[c.start:c.end] == c.quote
    assert "since assuming office in November 2022." in c.quote
    assert (c.doc_id, c.chunk_id, c.published, c.supported) == (p.doc_id, p.chunk_id, "2024-09-04", True)


def test_verify_answer_reattributes_a_named_citation():
    nz_p, bs_p = nz(), bs()
    (s,) = verify_answer("Luxon took office in November 2022 [Business Standard].", [nz_p, bs_p])
    assert s.supported
    assert [c.doc_id for c in s.citations] == [nz_p.doc_id]


def test_verify_answer_credits_syndicated_copies_of_a_supporting_passage():
    p = bs()
    p.also = [{"doc_id": "ap-1", "outlet": "AP", "title": "S Korea, NZ condemn ties",
               "published": "2024-09-04", "url": "", "chunk_id": "ap-1:0", "start": 100}]
    (s,) = verify_answer("The leaders condemned Russia's war against Ukraine [1].", [p])
    assert [(c.outlet, c.supported) for c in s.citations] == [("Business Standard", True), ("AP", True)]
    ap = s.citations[1]
    assert ap.quote == s.citations[0].quote and ap.start == 100 + (s.citations[0].start - p.start)


def test_a_copy_that_reworded_the_quote_is_not_credited():
    # Business Standard's story cluster holds 000, a rewrite that never says "since he took office last
    # November".
    p, rewrite = bs(), nz()
    p.also = [{"doc_id": rewrite.doc_id, "outlet": "unknown", "title": rewrite.title,
               "chunk_id": rewrite.chunk_id, "text": rewrite.text, "start": rewrite.start}]
    answer = "Luxon arrived in Seoul on his first trip since he took office last November [1]."
    (s,) = verify_answer(answer, [p])
    assert [c.doc_id for c in s.citations] == [p.doc_id]


def test_a_copy_with_the_quote_verbatim_is_credited_at_its_own_offsets():
    p = bs()
    copy_text = "AP Seoul. " + p.text
    p.also = [{"doc_id": "ap-1", "outlet": "AP", "title": "t", "text": copy_text, "start": 1000}]
    (s,) = verify_answer("The leaders condemned Russia's war against Ukraine [1].", [p])
    own, ap = s.citations
    assert ap.outlet == "AP" and ap.quote == own.quote
    assert copy_text[ap.start - 1000:ap.end - 1000] == own.quote


def test_unsupported_sentence_does_not_credit_copies():
    p = bs()
    p.also = [{"doc_id": "ap-1", "outlet": "AP", "title": "t"}]
    (s,) = verify_answer("Luxon arrived in Tokyo on his first trip to Japan [1].", [p])
    assert [(c.outlet, c.supported) for c in s.citations] == [("Business Standard", False)]


def test_answer_text_shows_only_supported_citations():
    nz_p, bs_p, kt_p = nz(), bs(), kt()
    sentences = verify_answer("The IP4 consists of South Korea, Japan, Australia and New Zealand [3]. "
                              "Luxon took office in November 2021 [1].", [nz_p, bs_p, kt_p])
    text = Answer(question="q", sentences=sentences).text
    assert "New Zealand. [The Korea Times]" in text
    assert text.endswith("November 2021. [unsupported]")


def test_verify_answer_with_no_claims_is_empty():
    assert verify_answer("Sure! [1]", [nz()]) == []
    assert verify_answer("", [nz()]) == []


# ---- Degenerate output -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "   \n",
    "[1] [2]",
    "Sure.",
    "Luxon met Yoon. Luxon met Yoon. Luxon met Yoon.",
    "The leaders the leaders the leaders the leaders condemned",
    "The IP4 is a group of countries. The IP4 is a group of nations. The IP4 is a group of partners.",
    "Trade doubled doubled doubled doubled.",
])
def test_degenerate_outputs_are_detected(text):
    assert is_degenerate(text)


@pytest.mark.parametrize("text", [
    "Luxon took office in November 2022 [1].",
    ("Leaders condemned ties between North Korea and Russia [1]. They said North Korea and Russia threaten "
     "peace [2]. Experts say North Korea and Russia will deepen cooperation [3]."),
    "Yoon and Luxon agreed to launch a dialogue. Trade nearly doubled over the past decade.",
])
def test_normal_answers_are_not_degenerate(text):
    assert not is_degenerate(text)


def test_echoing_the_instructions_is_degenerate_but_quoting_a_passage_is_not():
    p = nz()
    prompt = ("Answer the question using only the numbered passages below and cite them like [1].\n"
              f"[1] {p.text}\nQuestion: When did Christopher Luxon take office as prime minister?")
    echo = ("Answer the question using only the numbered passages below and cite them like [1]. Question: "
            "When did Christopher Luxon take office as prime minister?")
    quote = ("This meeting marked New Zealand Prime Minister Christopher Luxon's inaugural visit to South "
             "Korea since assuming office in November 2022 [1].")
    assert is_degenerate(echo, prompt, [p])
    assert not is_degenerate(quote, prompt, [p])


# ---- the learned check over the windows the rules leave open (rag/verification/features.py, rag/verification/learned.py) -------------

ADDED = ("On Wednesday, leaders from South Korea and New Zealand convened in Seoul to address the growing military "
         "collaboration between North Korea and Russia, and raised interest rates by a quarter point.")


def test_a_copied_sentence_with_a_clause_from_nowhere_is_refused_by_the_learned_check():
    v = verify_sentence(ADDED, [nz()], [nz()])
    assert not v.supported and v.reason == "part not in source: interest rates quarter point"
    copied = verify_sentence(ADDED.split(", and raised")[0] + ".", [nz()], [nz()])
    assert copied.supported and copied.probability > v.probability


def test_the_learned_check_weighs_only_what_the_rules_leave_open():
    """A window a rule rejects never reaches the model; one the rules pass does, with its features."""
    p = nz()
    wrong_year = assess("Luxon took office in November 2021.", [p], [p])
    assert isinstance(wrong_year, Assessment) and wrong_year.candidates() == []
    right = assess("Luxon took office in November 2022.", [p], [p])
    assert isinstance(right, Assessment) and len(right.candidates()) == 1
    x = features(right.ctx, right.candidates()[0])
    assert set(x) == set(FEATURES) and x["inserted"] == 0 and x["not_finite"] == 0


def test_the_support_model_file_is_readable_and_its_weights_keep_their_signs():
    model = support_model()
    weights = dict(zip(model.features, model.weights))
    assert model.features == FEATURES and 0 < model.threshold < 1
    assert weights["inserted"] <= 0 and weights["opposite"] <= 0 and weights["worst_piece"] >= 0
    base = {n: 0.0 for n in FEATURES} | {"bias": 1.0, "recall": 1.0, "act_recall": 1.0, "explained": 1.0,
                                         "worst_piece": 1.0, "length_ratio": 0.5}
    assert model.probability(base | {"inserted": 4.0, "longest_gap": 4.0}) < model.probability(base)
    with pytest.raises(ValueError, match="retrain"):
        SupportModel.from_dict({"threshold": 0.5, "features": {"bias": {"mean": 0, "scale": 1, "weight": 1}}})
