"""infer_metadata on the five seeds (golden values) and on synthetic pages; outlets are never guessed."""

from __future__ import annotations

import pytest

from index.attribute import infer_metadata, outlet_for_domain, parse_date, story_bounds
from index.clean import clean_text
from index.settings import BUNDLED_CORPUS

EXPECTED = {
    "000_a492bad89cb52a3e": {
        "outlet": "unknown",
        "title": "South Korea and New Zealand condemn North Korea-Russia military ties",
        "author": "",
        "published": "2024-09-04",
        "credit": "",
        "url": "",
    },
    "001_546bd0455f068fcd": {
        "outlet": "Business Standard",
        "title": "Leaders of S Korea, NZ strongly condemn expanding North Korea-Russia ties",
        "author": "",
        "published": "2024-09-04",
        "credit": "AP",
        "url": "",
    },
    "002_d081907265adfced": {
        "outlet": "The Korea Times",
        "title": "Yoon, NATO leaders condemn threats raised by N. Korea-Russia ties",
        "author": "Anna J. Park",
        "published": "",
        "credit": "",
        "url": "",
    },
    "003_ebf05fc48ef10ead": {
        "outlet": "The Odessa Journal",
        "title": "The President of South Korea called for international solidarity against the military "
        "cooperation between North Korea and Russia",
        "author": "",
        "published": "",
        "credit": "Yonhap",
        "url": "",
    },
    "004_b3ae7b4711933274": {
        "outlet": "unknown",
        "title": "South Korea's Yoon says any militarily cooperation with North Korea must stop",
        "author": "",
        "published": "",
        "credit": "",
        "url": "",
    },
}


def _infer(raw: str) -> dict[str, str]:
    return infer_metadata(raw, clean_text(raw))


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_metadata(doc_id):
    raw = (BUNDLED_CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert _infer(raw) == EXPECTED[doc_id]


@pytest.mark.parametrize("doc_id", ["000_a492bad89cb52a3e", "004_b3ae7b4711933274"])
def test_seeds_that_never_name_their_outlet_stay_unknown(doc_id):
    raw = (BUNDLED_CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert "Reuters" not in raw  # 004 reads like Reuters copy, but the text never says so
    assert _infer(raw)["outlet"] == "unknown"


def test_photo_credits_are_not_story_credits():
    raw = (BUNDLED_CORPUS / "002_d081907265adfced.txt").read_text(encoding="utf-8")
    assert "Yonhap" in raw and _infer(raw)["credit"] == ""
    page = (
        "Reuters\nA caption of the summit. AFP\n\nThe leaders met in Seoul on Monday to talk about trade.\n"
    )
    assert _infer(page)["credit"] == ""


@pytest.mark.parametrize(
    ("story", "credit"),
    [
        ("SEOUL (AP) — The leaders met in Seoul on Monday to discuss trade and security.", "AP"),
        ("SEOUL, Sept 6 (Reuters) - The leaders met in Seoul on Monday to discuss trade.", "Reuters"),
        ("The leaders met in Seoul on Monday, according to the Associated Press report.", "AP"),
        ("The leaders met in Seoul on Monday to discuss trade, Yonhap News Agency reported.", "Yonhap"),
        ("The leaders met in Seoul on Monday, the New York Times reported on Tuesday.", ""),
    ],
)
def test_wire_credit_in_the_story(story, credit):
    assert _infer(f"Headline about the leaders meeting\n\n{story}\n")["credit"] == credit


SYNTHETIC = """The Daily Planet
Mayor opens the new harbour bridge after years of delay
By Lois Lane and Clark Kent | Metro desk
Published: 4 March 2024, 09:30 GMT
URL: https://dailyplanet.example/2024/03/04/bridge

The mayor opened the new harbour bridge on Monday, four years after construction began in March 2020.
Officials said the project cost 1.4 billion dollars, about 30 percent over budget, on 2023-01-05.

Related
Council approves budget
© 2024 Daily Planet Media Inc. All rights reserved.
"""


def test_synthetic_page_metadata():
    assert _infer(SYNTHETIC) == {
        "outlet": "Daily Planet Media",  # the copyright holder, its legal form dropped
        "title": "Mayor opens the new harbour bridge after years of delay",
        "author": "Lois Lane and Clark Kent",
        "published": "2024-03-04",
        "credit": "",
        "url": "https://dailyplanet.example/2024/03/04/bridge",
    }


def test_dates_inside_the_story_are_not_publication_dates():
    page = "Leaders meet in Seoul for trade talks\n\nThe pact was signed on Sep 4, 2019 in Seoul by both leaders.\n"
    assert _infer(page)["published"] == ""


def test_updated_date_is_used_only_without_a_published_one():
    story = "\n\nThe leaders met in Seoul on Monday to discuss trade and security.\n"
    assert (
        _infer("Leaders meet in Seoul\n2 min read Last Updated : Sep 05 2024 | 1:42 PM IST" + story)[
            "published"
        ]
        == "2024-09-05"
    )
    both = "Leaders meet in Seoul\nUpdated: Sep 05 2024\nPublished: Sep 04 2024" + story
    assert _infer(both)["published"] == "2024-09-04"


def test_unknown_email_domain_names_no_outlet():
    page = (
        "Leaders meet in Seoul for talks\n\nThe leaders met in Seoul on Monday to discuss trade.\n\n"
        "Kim Min-ji minji@some-local-news.example\n"
    )
    meta = _infer(page)
    assert meta["outlet"] == "unknown"
    assert meta["author"] == "Kim Min-ji"  # a contact line names the author when there is no byline


def test_image_bank_copyright_is_not_an_outlet():
    page = (
        "Leaders meet in Seoul for talks\n\nThe leaders met in Seoul on Monday to discuss trade.\n\n"
        "© 2024 Getty Images\n"
    )
    assert _infer(page)["outlet"] == "unknown"


def test_newspaper_name_line_by_the_story_names_the_outlet():
    page = (
        "Leaders meet in Seoul for talks\n\nThe leaders met in Seoul on Monday to discuss trade.\n\n"
        "The Springfield Gazette\nmore articles\n"
    )
    assert _infer(page)["outlet"] == "The Springfield Gazette"


def test_title_prefers_a_repeated_line_over_a_tagline():
    header = (
        "News about everything in the world\nMenu\nBig summit ends without a deal today\n668\n"
        "Big summit ends without a deal today\n\n"
    )
    assert _infer(header + "The leaders met in Seoul on Monday to discuss trade.\n")["title"] == (
        "Big summit ends without a deal today"
    )


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sep 4, 2024, 6:26 AM", "2024-09-04"),
        ("Sep 04 2024 | 1:42 PM IST", "2024-09-04"),
        ("September 4th, 2024", "2024-09-04"),
        ("4 Sept. 2024", "2024-09-04"),
        ("2023-09-26T17:01:22+00:00", "2023-09-26"),
        ("2024.09.04 13:42", "2024-09-04"),
        ("Feb 30, 2024", ""),
        ("September 2024", ""),
        ("no date here", ""),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_outlet_for_domain_knows_subdomains_and_nothing_else():
    assert outlet_for_domain("m.koreatimes.co.kr") == "The Korea Times"
    assert outlet_for_domain("www.business-standard.com") == "Business Standard"
    assert outlet_for_domain("koreatimes.co.kr.evil.example") is None
    assert outlet_for_domain("odessa-news.example") is None


def test_story_bounds_point_at_the_story_in_the_raw_page():
    raw = (BUNDLED_CORPUS / "001_546bd0455f068fcd.txt").read_text(encoding="utf-8")
    start, end = story_bounds(raw, clean_text(raw))
    assert raw[start:].startswith("The leaders of South Korea and New Zealand strongly condemned")
    assert raw[:end].endswith("if either country is attacked.")


def test_wire_page_with_an_upper_case_byline_and_an_updated_stamp():
    page = (
        "Skip to main content\nWorld\n\nJapan's ruling party picks new leader\nBy MARI YAMAGUCHI\n"
        "Updated 3:12 AM GMT+9, September 27, 2024\nShare\n\n"
        "TOKYO (AP) — Japan's governing party on Friday elected Shigeru Ishiba as its new leader.\n"
    )
    assert _infer(page) == {
        "outlet": "unknown",  # AP wrote it, but the page does not say who publishes it
        "title": "Japan's ruling party picks new leader",
        "author": "MARI YAMAGUCHI",
        "published": "2024-09-27",
        "credit": "AP",
        "url": "",
    }
