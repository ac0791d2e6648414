"""load_articles / load_files: the bundled corpus with its sidecar, precedence of metadata, rejections."""

from __future__ import annotations

import json
import shutil

import pytest

from index.clean import clean_text
from index.errors import ConfigError, UserError
from index.load import EMPTY_AFTER_CLEANING, load_articles, load_files, truncate_title
from index.settings import BUNDLED_CORPUS, Settings
from index.sidecar import apply_sidecar, load_sidecar, parse_sidecar

STORY = "The mayor opened the new harbour bridge on Monday, four years after construction began.\n"


@pytest.fixture
def settings() -> Settings:
    return Settings(max_title_chars=300, max_file_mb=1.0)


def test_bundled_corpus_loads_five_articles_with_sidecar_values(settings):
    articles, rejected = load_articles(BUNDLED_CORPUS, settings)
    assert rejected == []
    sidecar = load_sidecar(BUNDLED_CORPUS)
    assert [a.doc_id for a in articles] == sorted(sidecar)
    for article in articles:
        entry = sidecar[article.doc_id]
        for key in ("outlet", "title", "author", "published", "url", "credit"):
            assert getattr(article, key) == entry[key], (article.doc_id, key)
        raw = (BUNDLED_CORPUS / f"{article.doc_id}.txt").read_text(encoding="utf-8")
        assert article.text == clean_text(raw)
        assert article.source_path.endswith(f"{article.doc_id}.txt")
    outlets = {a.doc_id[:3]: a.outlet for a in articles}
    assert outlets == {
        "000": "unknown",
        "001": "Business Standard",
        "002": "The Korea Times",
        "003": "The Odessa Journal",
        "004": "unknown",
    }


def test_bundled_sidecar_values_are_supported_by_the_text():
    for doc_id, entry in load_sidecar(BUNDLED_CORPUS).items():
        raw = (BUNDLED_CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert entry["notes"], doc_id
        for key in ("title", "author", "credit"):
            assert entry[key] in raw, (doc_id, key)
        assert entry["outlet"] == "unknown" or entry["outlet"] in raw or "koreatimes.co.kr" in raw


def test_bad_files_do_not_stop_the_others(tmp_path, settings):
    (tmp_path / "a_good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "d_scan.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "e_menu.txt").write_text("Settings\nShare\n3K\nFacebook share button\n", encoding="utf-8")
    (tmp_path / "f_big.txt").write_text(STORY * 20_000, encoding="utf-8")
    (tmp_path / "g_good.md").write_text("# Second story\n\n" + STORY, encoding="utf-8")
    articles, rejected = load_articles(tmp_path, settings)
    assert [a.doc_id for a in articles] == ["a_good", "g_good"]
    reasons = {r.path.rsplit("/", 1)[-1]: r.reason for r in rejected}
    assert set(reasons) == {"b_binary.txt", "c_empty.txt", "d_scan.pdf", "e_menu.txt", "f_big.txt"}
    assert reasons["e_menu.txt"] == EMPTY_AFTER_CLEANING
    assert "binary" in reasons["b_binary.txt"] and "empty" in reasons["c_empty.txt"]
    assert "unsupported" in reasons["d_scan.pdf"] and "limit" in reasons["f_big.txt"]
    assert articles[1].title == "Second story"


def test_5000_character_title_is_truncated(tmp_path, settings):
    path = tmp_path / "long.md"
    path.write_text(f"---\ntitle: {'Word ' * 1000}\n---\n{STORY}", encoding="utf-8")
    (article,), rejected = load_files([path], settings, {})
    assert rejected == []
    assert len(article.title) == 300 and article.title.endswith("…")
    assert article.title.startswith("Word Word")


def test_truncate_title():
    assert truncate_title("A long headline", 8) == "A long…"
    assert truncate_title("  Short \n title ", 20) == "Short title"


def test_sidecar_beats_the_file_which_beats_inference(tmp_path, settings):
    path = tmp_path / "bridge.md"
    path.write_text(
        "---\noutlet: Planet Weekly\nauthor: Lois Lane\ndate: 2024-03-04T09:30:00Z\n---\n"
        "The Daily Planet\nBridge opens at last after long delays\n\n" + STORY,
        encoding="utf-8",
    )
    sidecar = {"bridge": {"author": "Clark Kent", "credit": "", "notes": "author corrected by the desk"}}
    (article,), _ = load_files([path], settings, sidecar)
    assert article.outlet == "Planet Weekly"  # the file's front matter beats the inferred masthead
    assert article.author == "Clark Kent"  # the sidecar beats the front matter
    assert article.title == "Bridge opens at last after long delays"  # inferred, nobody overrides it
    assert article.published == "2024-03-04"


def test_jsonl_articles_and_bad_lines(tmp_path, settings):
    records = [
        {
            "id": "v1",
            "title": "Apple defends deal",
            "outlet": "The Verge",
            "author": "David Pierce",
            "published_at": "2023-09-26T17:01:22+00:00",
            "url": "https://www.theverge.com/x",
            "body": STORY,
        },
        {"id": "v2", "title": "No body"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    articles, rejected = load_files([path], settings, {})
    assert [(a.doc_id, a.outlet, a.published, a.author) for a in articles] == [
        ("v1", "The Verge", "2023-09-26", "David Pierce")
    ]
    assert [str(r) for r in rejected] == [f"{path}:2: missing or empty 'body'"]


def test_duplicate_doc_id_keeps_the_first_file(tmp_path, settings):
    (tmp_path / "story.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    articles, rejected = load_articles(tmp_path, settings)
    assert [a.source_path.rsplit("/", 1)[-1] for a in articles] == ["story.md"]
    assert "already used by story.md" in rejected[0].reason


def test_missing_folder_is_a_user_error(tmp_path, settings):
    with pytest.raises(UserError, match="does not exist"):
        load_articles(tmp_path / "nope", settings)


def test_corpus_copy_with_a_broken_sidecar_names_the_doc_and_key(tmp_path, settings):
    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, folder)
    (folder / "metadata.toml").write_text('["001_546bd0455f068fcd"]\nauthr = "AP"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'\["001_546bd0455f068fcd"\] authr: unknown key'):
        load_articles(folder, settings)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('["a"]\npublished = 2024-09-04\n', r'\["a"\] published: must be a string'),
        ('["a"]\npublished = "Sep 4"\n', r'\["a"\] published: "Sep 4" is not a date'),
        ('["a"]\npublished = "2024-02-30"\n', "is not a date"),
        ('title = "loose"\n', '"title" must be a table'),
        ('["a"\n', "not valid TOML"),
    ],
)
def test_sidecar_validation(toml, message):
    with pytest.raises(ConfigError, match=message):
        parse_sidecar(toml)


def test_sidecar_partial_dates_and_overrides():
    entries = parse_sidecar('["a"]\npublished = "2024-09"\noutlet = "AP"\nnotes = "why"\n')
    assert entries == {"a": {"published": "2024-09", "outlet": "AP", "notes": "why"}}
    merged = apply_sidecar({"outlet": "unknown", "title": "T", "published": "2024-09-04"}, entries["a"])
    assert merged == {"outlet": "AP", "title": "T", "published": "2024-09"}


def test_folder_without_sidecar_uses_inference(tmp_path, settings):
    shutil.copy(BUNDLED_CORPUS / "002_d081907265adfced.txt", tmp_path)
    (article,), _ = load_articles(tmp_path, settings)
    assert (article.outlet, article.author) == ("The Korea Times", "Anna J. Park")
