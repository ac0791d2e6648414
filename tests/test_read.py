"""read_path: every supported format, every kind of bad input, and the decoding rules."""

from __future__ import annotations

import json

import pytest

from index.read import decode_bytes, doc_id_for, list_article_files, parse_markdown, read_path

STORY = "The mayor opened the new harbour bridge on Monday, four years after construction began.\n"
MB = 1_048_576


def _read(path, max_bytes=MB):
    return read_path(path, max_bytes)


def _reason(rejected) -> str:
    assert len(rejected) == 1
    return rejected[0].reason


def test_txt_file_becomes_one_raw_doc(tmp_path):
    path = tmp_path / "Harbour bridge (final).txt"
    path.write_text(STORY, encoding="utf-8")
    docs, rejected = _read(path)
    assert rejected == []
    assert [(d.doc_id, d.fmt, d.text, d.meta) for d in docs] == [("Harbour_bridge_final", "txt", STORY, {})]
    assert docs[0].path == path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n  ", "empty file"),
        ("blank16.txt", "   \n".encode("utf-16"), "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("controls.txt", bytes(range(1, 32)) * 20 + b"abc", "binary data"),
        ("report.pdf", b"%PDF-1.7 " + STORY.encode(), "unsupported file type ('.pdf')"),
        (".DS_Store", b"\x00\x00\x00\x01Bud1", "unsupported file type"),
        ("README", STORY.encode(), "unsupported file type (no extension)"),
        ("broken.txt", b"caf\x81\x8d\x8f\x90\x9d text", "cannot decode text"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    docs, rejected = _read(path)
    assert docs == []
    assert reason in _reason(rejected)
    assert str(rejected[0]) == f"{path}: {rejected[0].reason}"


def test_file_over_the_size_limit_is_rejected_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 200, encoding="utf-8")
    docs, rejected = _read(path, max_bytes=1000)
    assert docs == []
    assert _reason(rejected) == "file is 17 KB, over the 1 KB limit (NEWSRAG_MAX_FILE_MB)"
    assert _read(path, max_bytes=MB)[0]  # the same file passes a larger limit


def test_other_legacy_encodings_are_not_misread_as_windows_1252(tmp_path):
    path = tmp_path / "chinese.txt"
    path.write_bytes(("北京今天宣布新的经济政策。" * 40).encode("gbk"))
    docs, rejected = _read(path)
    assert docs == []
    assert "decode" in _reason(rejected) or "binary" in _reason(rejected)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Café “news” — ok".encode(), "Café “news” — ok"),
        (b"\xef\xbb\xbfCaf\xc3\xa9 BOM", "Café BOM"),
        (b"Caf\xe9 \x93quoted\x94 \x96 Windows", "Café “quoted” – Windows"),
        ("Seoul 서울 UTF-16".encode("utf-16-le").join([b"\xff\xfe", b""]), "Seoul 서울 UTF-16"),
        (b"\xfe\xff" + "Seoul 서울 big-endian".encode("utf-16-be"), "Seoul 서울 big-endian"),
        (b"line one\r\nline two\r\n", "line one\nline two\n"),
    ],
)
def test_decoding(data, text):
    assert decode_bytes(data) == (text, "")


def test_cp1252_file_reads_as_text(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Zürich’s café reopened on Monday after the flood, the owners said.".encode("cp1252"))
    docs, rejected = _read(path)
    assert rejected == []
    assert docs[0].text == "Zürich’s café reopened on Monday after the flood, the owners said."


def test_utf16_file_with_bom_reads_as_text(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text(STORY, encoding="utf-16")  # Python writes a BOM for "utf-16"
    docs, rejected = _read(path)
    assert rejected == [] and docs[0].text == STORY


def test_markdown_front_matter_and_heading_become_meta(tmp_path):
    path = tmp_path / "bridge.md"
    path.write_text(
        '---\ntitle: "Bridge opens"\noutlet: The Daily Planet\nauthor: Lois Lane\ndate: 2024-03-04\n'
        "url: https://planet.example/bridge\ncolour: blue\n---\n# Ignored heading\n\n"
        "The mayor opened the [new bridge](https://x.example) on **Monday**.\n\n![crowd](crowd.jpg)\n\n"
        "## Costs\n\nIt cost a lot.\n",
        encoding="utf-8",
    )
    docs, rejected = _read(path)
    assert rejected == []
    assert docs[0].fmt == "md"
    assert docs[0].meta == {
        "title": "Bridge opens",
        "outlet": "The Daily Planet",
        "author": "Lois Lane",
        "published": "2024-03-04",
        "url": "https://planet.example/bridge",
    }
    assert docs[0].text == "The mayor opened the new bridge on Monday.\n\nCosts\n\nIt cost a lot."


def test_markdown_leading_heading_is_the_title():
    text, meta = parse_markdown("# Bridge opens at last\n\nThe mayor opened it.\n")
    assert meta == {"title": "Bridge opens at last"}
    assert text == "The mayor opened it."


def test_markdown_with_only_front_matter_is_rejected(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("---\ntitle: Nothing here\n---\n", encoding="utf-8")
    assert "no text" in _reason(_read(path)[1])


def test_jsonl_keeps_good_records_and_rejects_bad_lines_by_number(tmp_path):
    good = {
        "id": "tc-1",
        "title": "Apple defends deal",
        "outlet": "TechCrunch",
        "author": "Ann",
        "published_at": "2023-09-26T17:01:22+00:00",
        "url": "https://techcrunch.com/x",
        "body": STORY,
    }
    lines = [
        json.dumps(good),
        '{"id": "broken", "body": ',
        json.dumps({"id": "no-body", "title": "T"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({**good, "title": "Same id again"}),
        json.dumps({"id": "tc/2", "body": "Second story.", "title": 42}),
        json.dumps({"id": 7, "body": "Third story.", "category": None}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = _read(path)
    assert [d.doc_id for d in docs] == ["tc-1", "7"]
    assert docs[0].meta == {
        "title": "Apple defends deal",
        "outlet": "TechCrunch",
        "author": "Ann",
        "published": "2023-09-26T17:01:22+00:00",
        "url": "https://techcrunch.com/x",
    }
    assert docs[0].text == STORY and docs[0].fmt == "jsonl"
    assert [(r.path, r.reason.split(" (")[0]) for r in rejected] == [
        (f"{path}:2", "malformed JSON"),
        (f"{path}:3", "missing or empty 'body'"),
        (f"{path}:4", "a record must be a JSON object with 'id' and 'body'"),
        (f"{path}:6", "duplicate id 'tc-1'"),
        (f"{path}:7", "field 'title' must be a string"),
    ]


def test_jsonl_with_only_blank_lines_is_empty(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n\n \n", encoding="utf-8")
    assert "empty file" in _reason(_read(path)[1])


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Mayor opens harbour bridge | The Daily Planet</title>
<meta property="og:title" content="Mayor opens harbour bridge">
<meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2024-03-04T09:30:00Z">
<link rel="canonical" href="https://dailyplanet.example/2024/03/04/bridge">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<article>
<h1>Mayor opens harbour bridge</h1>
<p>The mayor opened the new harbour bridge on Monday, four years after construction began and two years
later than first promised to the city.</p>
<p>Crowds gathered on both banks of the river to watch the first cars cross the 800-metre span, and the
ferry company said it would keep one boat running until the summer.</p>
<p>"This bridge connects two halves of one city," the mayor told reporters at the opening ceremony.</p>
<p>Officials said the project cost 1.4 billion dollars, about 30 percent over the original budget.</p>
</article>
<footer>Copyright 2024 The Daily Planet. All rights reserved.</footer>
</body></html>
"""


def test_html_main_text_and_metadata_by_trafilatura(tmp_path):
    path = tmp_path / "bridge.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    docs, rejected = _read(path)
    assert rejected == []
    doc = docs[0]
    assert doc.fmt == "html" and doc.doc_id == "bridge"
    assert "the mayor told reporters at the opening ceremony." in doc.text
    assert "about 30 percent over the original budget." in doc.text
    assert "Politics" not in doc.text
    assert doc.meta["title"] == "Mayor opens harbour bridge"
    assert doc.meta["outlet"] == "The Daily Planet"
    assert doc.meta["author"] == "Lois Lane"
    assert doc.meta["published"] == "2024-03-04"
    assert doc.meta["url"] == "https://dailyplanet.example/2024/03/04/bridge"


def test_html_without_main_text_is_rejected(tmp_path):
    path = tmp_path / "blank.htm"
    path.write_text(
        "<html><head><title>x</title></head><body><script>var a=1;</script></body></html>", encoding="utf-8"
    )
    docs, rejected = _read(path)
    assert docs == [] and "no article text" in _reason(rejected)


def test_listing_skips_hidden_files_and_the_sidecar_but_keeps_unknown_types(tmp_path):
    for name in ["b.txt", "a.md", ".DS_Store", ".hidden.txt", "metadata.toml", "scan.pdf"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in list_article_files(tmp_path)] == ["a.md", "b.txt", "scan.pdf"]


def test_doc_ids_are_safe_and_bounded():
    assert doc_id_for("001_546bd0455f068fcd") == "001_546bd0455f068fcd"
    assert doc_id_for("../etc/passwd; rm -rf") == "etc_passwd_rm_-rf"
    assert len(doc_id_for("x" * 500)) == 100
    assert doc_id_for("日本") == doc_id_for("日本") != doc_id_for("中国")
    assert doc_id_for("日本").startswith("doc_")
