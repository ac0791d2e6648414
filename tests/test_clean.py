"""clean_text against the five bundled seed pages (golden lines) and synthetic pages with the same boilerplate."""

from __future__ import annotations

import pytest

from index.clean import clean_text, is_furniture, is_prose
from index.settings import BUNDLED_CORPUS

# Per seed: lines of page furniture that must be gone, and story sentences that must survive verbatim.
SEEDS = {
    "000_a492bad89cb52a3e": {
        "gone": [
            "Sep 4, 2024, 6:26 AM",
            "Provocative",
            "Highlights",
            "Story",
            "Opinions",
            "You've reached the end",
        ],
        "kept": [
            (
                "On Wednesday, leaders from South Korea and New Zealand convened in Seoul to address the growing "
                "military collaboration between North Korea and Russia."
            ),
            (
                "This meeting marked New Zealand Prime Minister Christopher Luxon's inaugural visit to South Korea "
                "since assuming office in November 2022."
            ),
            (
                "The commitment to ongoing dialogue and cooperation reflects a proactive approach to regional "
                "security and economic stability."
            ),
        ],
    },
    "001_546bd0455f068fcd": {
        "gone": [
            "Sensex (",
            "Nifty Bank (",
            "Home / World News",
            "Listen to This Article",
            "Click here to connect with us on WhatsApp",
            "Only the headline and picture of this report",
            "Also Read",
            "Smiling with the enemy",
            "Topics :",
            "Telegram channel",
            "First Published:",
            "Explore News",
            "Stock Market LIVEStocks",
            "Copyrights ©",
            "LinkedIN Icon",
            "AP Seoul",
            "Vladimir Putin, putin, Kim Jong, kim, jong",
            "(Photo: Reuters)",
            "HOT STOCKS",
        ],
        "kept": [
            (
                "The leaders of South Korea and New Zealand strongly condemned the deepening military cooperation "
                "between North Korea and Russia as they met Wednesday for a summit meant to strengthen bilateral ties."
            ),
            (
                "New Zealand Prime Minister Christopher Luxon arrived in Seoul, the South Korean capital, on his first "
                "trip to the Asian country since he took office last November."
            ),
            (
                "The two leaders denounced in the most serious of terms North Korea's illegal nuclear and missile "
                "development programmes."
            ),
            (
                "Worries about the North Korean-Russia ties deepened in June, when North Korean leader Kim Jong Un and "
                "Russian President Vladimir Putin signed a pact stipulating mutual military assistance if either "
                "country is attacked."
            ),
        ],
    },
    "002_d081907265adfced": {
        "gone": [
            "Settings",
            "font-size",
            "-2",
            "Facebook share button",
            "Link share button",
            "By Anna J. Park",
            "shake hands during their meeting",
            "Biden and NATO Secretary General Jens Stoltenberg stand",
            "pose for a photo at the White House",
            "annajpark@koreatimes.co.kr",
            "CLOSE",
            "Top 10 Stories",
            "go top LETTER",
            "South Korea seeks bolstered security cooperation",
        ],
        "kept": [
            (
                "President Yoon Suk Yeol and the leaders of NATO condemned the enhanced military cooperation between "
                "Russia and North Korea, which they viewed as posing a greater threat to not only South Korea, but "
                "also the international community."
            ),
            (
                "Yoon, who is attending the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with "
                "Japan, Australia and New Zealand, shared his concerns over Moscow and Pyongyang's strengthened "
                "military and economic partnership, during a summit with Japanese Prime Minister Fumio Kishida."
            ),
            (
                '"Russia and North Korea recently signed a comprehensive strategic partnership and are speeding up '
                "economic ties, and these moves are causing serious concerns over security of not only East Asia but "
                'also the whole world," Yoon said.'
            ),
            "DPRK is the official name of North Korea.",
            (
                "Besides reaffirming the mutual security commitments, the South Korean president also discussed "
                "defense cooperation with Germany and Canada, while solidifying semiconductor collaboration with the "
                "Netherlands."
            ),
        ],
    },
    "003_ebf05fc48ef10ead": {
        "gone": [
            "About past, present and future",
            "Search mobile",
            "Main Diplomacy",
            "668",
            "Share this article",
            "The Odessa Journal",
            "more articles",
            "Top article",
            "The Ministry of Defense has signed a contract",
            "Dmytro Kuleba",
            "Volodymyr Zelensky: We are preparing",
        ],
        "kept": [
            (
                "South Korean President Yoon Suk Yeol stated that North Korea's transfer of weapons to Russia helps "
                "prolong Russia’s war against Ukraine and called on the international community to unite to counter "
                "illegal military cooperation between Russia and North Korea."
            ),
            (
                "He made this statement at the ASEAN leaders' summit in the capital of Laos, Vientiane, as reported "
                "by Yonhap."
            ),
            (
                '"The international community must clearly demonstrate that it will never tolerate North Korea’s '
                'nuclear development and provocations," Yoon added.'
            ),
            (
                "Participants included U.S. Secretary of State Antony Blinken, Chinese Premier Li Qiang, and Russian "
                "Foreign Minister Sergey Lavrov."
            ),
        ],
    },
    "004_b3ae7b4711933274": {
        "gone": [
            "3K",
            "Sponsor",
            "Căutare",
            "SexTech Market",
            "By Ikeji",
            "Fan Yifei",
            "Nato suspends key Cold War",
            "Face Mist",
            "How to Make Banner Ads",
            "google-site-verification",
            "South Korea's Yoon says any militarily cooperation",
        ],
        "kept": [
            (
                "South Korean President Yoon Suk Yeol said on Wednesday any attempt to cooperate with North Korea on "
                "military affairs in a way that damages international peace must immediately halt."
            ),
            "North Korea and Russia have denied they were in arms negotiations.",
            (
                "A visit by Kim later this month to Russia's far-eastern port city of Vladivostok is partly to discuss "
                "supplying Moscow with weapons for the war in Ukraine, the New York Times reported this week."
            ),
            (
                "Before the pandemic, China hosted the largest number of North Korean workers abroad, with as many as "
                "half of the estimated 100,000 people earning more than $500 million a year."
            ),
        ],
    },
}


def _seed(doc_id: str) -> str:
    return (BUNDLED_CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_seed_story_sentences_survive_verbatim(doc_id):
    cleaned = clean_text(_seed(doc_id))
    for sentence in SEEDS[doc_id]["kept"]:
        assert sentence in cleaned


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_seed_boilerplate_is_gone(doc_id):
    paragraphs = clean_text(_seed(doc_id)).split("\n\n")
    for junk in SEEDS[doc_id]["gone"]:
        assert not any(junk == p or (len(junk) > 4 and junk in p) for p in paragraphs), junk


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_seed_starts_and_ends_with_the_story(doc_id):
    paragraphs = clean_text(_seed(doc_id)).split("\n\n")
    kept = SEEDS[doc_id]["kept"]
    if doc_id != "000_a492bad89cb52a3e":  # 000 opens with its highlight bullets, a summary of the story
        assert paragraphs[0].startswith(kept[0])
    assert paragraphs[-1].endswith(kept[-1])
    assert all(p.strip() == p and p for p in paragraphs)


def test_000_story_paragraph_survives_whole():
    raw = _seed("000_a492bad89cb52a3e")
    story = next(line for line in raw.splitlines() if line.startswith("On Wednesday, leaders"))
    assert story in clean_text(raw).split("\n\n")


def test_001_keeps_every_story_line_of_the_page():
    raw = _seed("001_546bd0455f068fcd").splitlines()
    story = raw[26:28] + raw[29:33]  # lines 27-33 minus the WhatsApp promo on line 29
    assert clean_text("\n".join(raw)).split("\n\n") == story


def test_002_repeated_captions_are_dropped_but_the_subhead_stays():
    cleaned = clean_text(_seed("002_d081907265adfced"))
    assert "Yonhap" not in cleaned
    assert "\n\nWashington Summit Declaration\n\n" in cleaned
    assert cleaned.count("\n\n") + 1 == 19  # the story's 18 paragraphs and its one subhead


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_cleaning_is_idempotent(doc_id):
    once = clean_text(_seed(doc_id))
    assert clean_text(once) == once


SYNTHETIC_PAGE = """The Daily Planet
Menu
Search
Home > Politics > Mayor opens bridge
Dow Jones (  %)
Mayor opens the new harbour bridge after years of delay

  • Facebook
  • Share on Twitter
1.2K
By Lois Lane
Updated: March 3, 2024
Listen to this article

The mayor opened the new harbour bridge on Monday, four years after construction began.
Crowds gathered on both banks to watch the first cars cross the 800-metre span.
Advertisement
Subscribe to our newsletter for the morning briefing
The mayor waves to the crowd on the new bridge. Daily Planet/Jimmy Olsen

The mayor waves to the crowd on the new bridge. Daily Planet/Jimmy Olsen

"This bridge connects two halves of one city," the mayor told reporters.
Officials said the project cost 1.4 billion dollars, about 30 percent over budget.

Related Articles
City council approves budget for the next year.
Harbour ferries will keep running until summer.
Tags: bridge, harbour, mayor
© 2024 Daily Planet Media Inc. All rights reserved.
"""

SYNTHETIC_STORY = [
    "The mayor opened the new harbour bridge on Monday, four years after construction began.",
    "Crowds gathered on both banks to watch the first cars cross the 800-metre span.",
    '"This bridge connects two halves of one city," the mayor told reporters.',
    "Officials said the project cost 1.4 billion dollars, about 30 percent over budget.",
]


def test_synthetic_page_keeps_exactly_the_story():
    assert clean_text(SYNTHETIC_PAGE).split("\n\n") == SYNTHETIC_STORY


def test_link_list_after_a_marker_is_cut_even_when_it_reads_like_prose():
    cleaned = clean_text(SYNTHETIC_PAGE)
    assert "City council approves budget" not in cleaned
    assert "Harbour ferries" not in cleaned


def test_story_sentences_that_mention_boilerplate_words_survive():
    page = (
        "Menu\n\nTelegram founder Pavel Durov was detained in France on Saturday, his company said.\n\n"
        "The court ruled that the copyright of the photographs belongs to the agency.\n\n"
        "Users who subscribe to the premium service will be refunded, the company said in a statement.\n\n"
        "Share this article\n"
    )
    assert clean_text(page).split("\n\n") == [
        "Telegram founder Pavel Durov was detained in France on Saturday, his company said.",
        "The court ruled that the copyright of the photographs belongs to the agency.",
        "Users who subscribe to the premium service will be refunded, the company said in a statement.",
    ]


def test_hard_wrapped_paragraphs_are_joined_into_one():
    page = (
        "Officials in the capital said on Tuesday that the new rail line would open\n"
        "next spring, two years later than planned, because of a shortage of\n"
        "engineers and rising steel prices.\n\n"
        "The line will link the airport with the central station in 20 minutes.\n"
    )
    assert clean_text(page).split("\n\n") == [
        (
            "Officials in the capital said on Tuesday that the new rail line would open next spring, two years "
            "later than planned, because of a shortage of engineers and rising steel prices."
        ),
        "The line will link the airport with the central station in 20 minutes.",
    ]


def test_the_longest_prose_run_wins_over_a_teaser_block():
    teaser = "Earlier today the minister resigned over the scandal.\n"
    story = "\n".join(f"Story sentence number {i} reports what happened in the town hall." for i in range(5))
    page = teaser + "\nTrending Now\n\n" + story + "\n\nMost Read\n" + teaser
    cleaned = clean_text(page)
    assert cleaned.startswith("Story sentence number 0") and cleaned.endswith(
        "number 4 reports what happened in the town hall."
    )
    assert "minister resigned" not in cleaned


def test_page_without_prose_keeps_its_substantial_lines():
    page = "Menu\nShare\nShopping list for the school trip next week\nBring water bottles and sun hats\n3K\n"
    assert clean_text(page) == (
        "Shopping list for the school trip next week\n\nBring water bottles and sun hats"
    )


def test_pure_furniture_cleans_to_nothing():
    assert clean_text("Settings\n\n  • -2\n  • +1\nFacebook share button\n668\nX\nCLOSE\n") == ""


@pytest.mark.parametrize(
    "line",
    [
        "Sensex (    %)",
        "Home / World News / Leaders meet",
        "Facebook share button",
        "3K",
        "• +2",
        "Listen to This Article",
        "Click here to connect with us on WhatsApp",
        "Topics : Korea Russia",
        "First Published: Sep 04 2024 | 1:42 PM IST",
        "Copyrights © 2024 Business Standard Private Ltd.",
        "google-site-verification: google037b30823fc02426.html",
        "By Anna J. Park",
        "Park Ji-won annajpark@koreatimes.co.kr",
        "The leaders shake hands in Seoul, Wednesday. Yonhap",
        "File image of President Putin(Photo: Reuters)",
        "Stock Market LIVEStocks to Watch TodayLatest News LIVEGold-Silver Price TodayBaazar Style Retail IPO",
        (
            "(Only the headline and picture of this report may have been reworked by the Business Standard staff; "
            "the rest of the content is auto-generated from a syndicated feed.)"
        ),
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "North Korea and Russia have denied they were in arms negotiations.",
        "Yoon, NATO leaders condemn threats raised by N. Korea-Russia ties",
        "Washington Summit Declaration",
        '"It is crucial to strengthen international solidarity," the president emphasized.',
    ],
)
def test_story_lines_are_not_furniture(line):
    assert not is_furniture(line)


def test_prose_needs_a_sentence_end_and_is_not_a_teaser():
    assert is_prose("North Korea and Russia have denied they were in arms negotiations.")
    assert not is_prose("The Ministry of Defense has signed a contract ...")
    assert not is_prose("New Zealand Prime Minister Christopher Luxon arrived in Seoul")
    assert not is_prose("Too short.")


def test_short_sentences_inside_the_story_survive():
    page = (
        "Skip to main content\nWorld\n\nJapan's ruling party picks new leader\nBy MARI YAMAGUCHI\nShare\n\n"
        "TOKYO (AP) — Japan's governing party on Friday elected Shigeru Ishiba as its new leader.\n\n"
        "Advertisement\n\nHe won in a runoff.\n\nWhy?\n\n"
        '"I will do my best," Ishiba said after the vote in Tokyo.\n\nMost Read\n1. Another headline here\n'
    )
    assert clean_text(page).split("\n\n") == [
        "TOKYO (AP) — Japan's governing party on Friday elected Shigeru Ishiba as its new leader.",
        "He won in a runoff.",
        "Why?",
        '"I will do my best," Ishiba said after the vote in Tokyo.',
    ]
