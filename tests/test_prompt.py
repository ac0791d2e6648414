"""The answer prompt: one numbered, delimited block per article, with short headers (every prompt token delays the
model's first word)."""

from __future__ import annotations

import re

from rag.reply.prompt import build_messages
from tests.passages import bs, kt, seed_passage

HEAD = re.compile(r'<source id="(\d+)" outlet="([^"]*)" title="([^"]*)"(?: date="([^"]*)")?>')


def _heads(question: str, passages, budget: int = 400) -> list[tuple[str, ...]]:
    return HEAD.findall(build_messages(question, passages, budget)[-1].content)


def test_two_chunks_of_one_article_share_one_block_numbered_by_the_first():
    nato = seed_passage("002", "Yoon, who is attending", "Yoon noted.")
    later = seed_passage("002", "Yoon also held bilateral meetings", "semiconductor collaboration with the Netherlands.")
    user = build_messages("Which countries did Yoon meet at the NATO summit?", [bs(), nato, later], 400)[-1].content
    heads = HEAD.findall(user)
    assert [(h[0], h[1]) for h in heads] == [("1", "Business Standard"), ("2", "The Korea Times")]
    block = user.split('outlet="The Korea Times"')[1].split("</source>")[0]
    assert "Japan, Australia and New Zealand" in block and "held bilateral meetings" in block
    assert block.index("Japan, Australia") < block.index("bilateral meetings")  # the article's own order


def test_a_long_title_is_cut_at_a_word_and_marked():
    p = kt()
    p.title = "Yoon, NATO leaders condemn threats raised by N. Korea-Russia military cooperation"
    ((_, outlet, title, date),) = _heads("Which countries make up the IP4?", [p])
    assert outlet == "The Korea Times"
    assert title == "Yoon, NATO leaders condemn threats…" and len(title) <= 41
    assert date == p.published
