from index.article import Article
from index.chunk import approx_tokens, chunk_article
from index.sentences import split_sentences

STORY = (
    "South Korea and New Zealand met in Seoul. They condemned North Korea's missile exports to Russia. "
    "Trade nearly doubled over the past decade. The leaders agreed to a regular economic security dialogue. "
    "Luxon took office last November. The summit ended on Wednesday."
)


def test_offsets_point_into_the_cleaned_text():
    article = Article(doc_id="d1", text=STORY)
    chunks = chunk_article(article, max_tokens=20, overlap_sentences=0)
    assert len(chunks) > 1
    for c in chunks:
        assert STORY[c.start:c.end] == c.text
        assert c.chunk_id.startswith("d1:")


def test_chunks_never_cut_a_sentence():
    article = Article(doc_id="d1", text=STORY)
    sentences = split_sentences(STORY)
    for c in chunk_article(article, max_tokens=25, overlap_sentences=1):
        for s in split_sentences(c.text):
            assert s in sentences


def test_every_sentence_is_in_some_chunk():
    article = Article(doc_id="d1", text=STORY)
    chunks = chunk_article(article, max_tokens=25, overlap_sentences=1)
    for s in split_sentences(STORY):
        assert any(s in c.text for c in chunks)


def test_overlap_repeats_the_last_sentence():
    article = Article(doc_id="d1", text=STORY)
    chunks = chunk_article(article, max_tokens=25, overlap_sentences=1)
    last_of_first = split_sentences(chunks[0].text)[-1]
    assert chunks[1].text.startswith(last_of_first)


def test_chunk_size_respects_budget():
    article = Article(doc_id="d1", text=STORY * 5)
    for c in chunk_article(article, max_tokens=40, overlap_sentences=0):
        assert approx_tokens(c.text) <= 40


def test_a_huge_sentence_is_split_at_words():
    text = " ".join(["word"] * 600) + "."
    chunks = chunk_article(Article(doc_id="x", text=text), max_tokens=100, overlap_sentences=0)
    assert len(chunks) > 3
    assert all(text[c.start:c.end] == c.text for c in chunks)
    assert "".join(c.text.replace(" ", "") for c in chunks) == text.replace(" ", "")


def test_short_article_is_one_chunk():
    chunks = chunk_article(Article(doc_id="s", text="One fact only."), max_tokens=100)
    assert [c.text for c in chunks] == ["One fact only."]
