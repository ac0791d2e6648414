"""The Corpus tab's "Add from URL or feed": URLs typed by the user -> fetched and indexed (index/web.py).

Each URL may be an article page, an RSS or Atom feed, or a sitemap. Nothing stored is removed; each URL that
cannot be indexed is listed whole with its reason. Private and loopback addresses are refused unless
NEWSRAG_WEB_ALLOW_PRIVATE is set, so the page cannot be used to reach services inside the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from index.build import BuildReport
from index.errors import UserError
from index.settings import Settings
from index.web import add_sources
from rag.reply.pipeline import Engine
from ui.edge import ui_error
from ui.uploads import article_rows, refresh_reader, report_html

MAX_URLS = 20  # per click: a feed alone may bring NEWSRAG_WEB_MAX_ENTRIES pages
MAX_CHARS = 8000


@dataclass
class WebBox:
    urls: gr.Textbox
    button: gr.Button
    note: gr.HTML


def parse_urls(text: str | None) -> list[str]:
    """Textbox text -> the URLs in it, in order, once each (split on spaces, commas and new lines).

    "https://a.org/x\\nhttps://b.org/rss, https://a.org/x" -> ["https://a.org/x", "https://b.org/rss"]
    """
    items = list(dict.fromkeys(u for u in re.split(r"[\s,]+", text or "") if u))
    if not items:
        raise UserError("Paste one or more URLs: article pages, RSS or Atom feeds, or sitemaps.")
    if len(items) > MAX_URLS:
        raise UserError(f"{len(items)} URLs at once is too many; give at most {MAX_URLS} per click.")
    return items


def index_web(settings: Settings, text: str | None,
              progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Textbox text -> BuildReport: every URL fetched (feeds and sitemaps expanded) and indexed, nothing pruned."""
    return add_sources(settings, parse_urls(text), progress=progress)


def web_report_html(report: BuildReport) -> str:
    """BuildReport of a web add -> the summary, with each rejected or duplicate URL shown whole."""
    return report_html(report, name=lambda url: url)


def build_web_box() -> WebBox:
    """The textbox, button and report area (placed inside the Corpus tab)."""
    with gr.Group(elem_id="nr-web"):
        urls = gr.Textbox(label="Add from URL or feed", lines=2, max_lines=8, max_length=MAX_CHARS,
                          placeholder="https://… one per line: article pages, RSS or Atom feeds, sitemaps",
                          info=f"Up to {MAX_URLS} URLs; a feed or sitemap brings its newest articles.",
                          elem_id="nr-web-urls")
        button = gr.Button("Fetch and index", variant="primary", elem_id="nr-web-add")
    note = gr.HTML(elem_id="nr-web-report")
    return WebBox(urls, button, note)


def add_urls_handler(settings: Settings, engine: Engine) -> Callable:
    """The click handler: URLs -> (report HTML, refreshed article table, refreshed outlet choices)."""

    def on_add_urls(text: str | None, progress: gr.Progress = gr.Progress()):  # noqa: B008 - Gradio's idiom
        try:
            urls = parse_urls(text)
            progress(0, desc=f"fetching {len(urls)} URL(s)")
            report = add_sources(settings, urls,
                                 progress=lambda done, total, url: progress((done, total), desc=f"fetching {url}"),
                                 indexing=lambda done, total, doc: progress((done, total), desc=f"indexing {doc}"))
            refresh_reader(engine.store)
        except Exception as err:
            raise ui_error(err) from None
        if report.rejected:
            gr.Warning(f"{len(report.rejected)} URL(s) rejected; see the reasons below the box.")
        return (web_report_html(report), gr.Dataframe(value=article_rows(engine.store)),
                gr.Dropdown(choices=engine.retriever.outlets()))

    return on_add_urls
