"""The Gradio page: chat on the left, sources on the right; a "Check a claim" tab; a Corpus tab for uploads,
"Add from URL or feed" and filters' data; an Evaluation tab; the `/ask`, `/check`, `/upload` and `/add_urls` API
endpoints. `launch()` holds every safety default in one place.

    app = build_app(load_settings()); launch(app, load_settings())
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from index.errors import ConfigError
from index.settings import Settings
from rag.reply.pipeline import Engine
from ui.chat import ChatHandlers
from ui.claim_check import build_claim_tab
from ui.edge import ui_error
from ui.evaluation import build_eval_tab, refresh_runs
from ui.sources import PLACEHOLDER
from ui.uploads import ARTICLE_COLUMNS, article_rows, index_uploads, refresh_reader, report_html
from ui.web_sources import WebBox, add_urls_handler, build_web_box

STATIC = Path(__file__).parent / "static"
CSS = (STATIC / "app.css").read_text(encoding="utf-8")
HEAD = f"<script>{(STATIC / 'app.js').read_text(encoding='utf-8')}</script>"
EXAMPLES = [
    "Which countries make up the IP4 group?",
    "How much has trade between South Korea and New Zealand grown?",
    "What did Yoon say at the ASEAN summit?",
    "What did NATO leaders say about North Korea and Russia?",
]


def theme() -> gr.themes.ThemeClass:
    # System fonts: the default theme would fetch Google Fonts, and the page must work offline.
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate",
                             font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],
                             font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """NEWSRAG_AUTH "user:password" -> ("user", "password"); None -> None (no login)."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("NEWSRAG_AUTH must look like user:password")
    return user, password


def launch_options(settings: Settings) -> dict[str, Any]:
    """The safe defaults: local bind, no share link, optional login, upload cap, no file route into the
    store or .env, no debug, no raw exception text in the browser, nothing fetched from the internet."""
    return {
        "server_name": settings.host, "server_port": settings.port, "share": False, "debug": False,
        "show_error": False, "auth": parse_auth(settings.auth), "auth_message": "newsrag: log in to ask the articles",
        "max_file_size": int(settings.max_upload_mb * 1024 * 1024), "allowed_paths": [],
        "blocked_paths": [str(settings.store.resolve()), str(Path(".env").resolve())],
        "ssr_mode": False, "mcp_server": False, "enable_monitoring": False, "pwa": False,
        "footer_links": ["api"], "theme": theme(), "css": CSS, "head": HEAD,
    }


def launch(app: gr.Blocks, settings: Settings, **overrides: Any) -> tuple:
    """Start the server with `launch_options(settings)`; tests override the port and thread lock."""
    return app.launch(**{**launch_options(settings), **overrides})


def build_app(settings: Settings, engine: Engine | None = None) -> gr.Blocks:
    """Settings (+ an Engine, e.g. one with a scripted LLM in tests) -> the Blocks app, queue configured."""
    engine = engine or Engine(settings)
    chat = ChatHandlers(engine, settings)
    with gr.Blocks(title="newsrag: ask the news", analytics_enabled=False, delete_cache=(3600, 86400)) as app:
        gr.HTML('<div id="nr-header"><h1>newsrag <span class="nr-pill">answers with checked citations</span>'
                "</h1><p>Ask about the indexed news articles. Every sentence names the outlets it comes from; "
                "each citation is checked against the article text, and what cannot be backed is removed."
                "</p></div>", padding=False)
        turns = gr.State([])
        pending = gr.State("")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                c = _chat_tab(settings, engine)
            with gr.Tab("Check a claim", id="check"):
                claims = build_claim_tab(settings, engine)
            with gr.Tab("Corpus", id="corpus"):
                files, upload_note, articles, web = _corpus_tab(engine)
            with gr.Tab("Evaluation", id="evaluation"):
                runs = build_eval_tab(settings)
        chatbot, panel, box, outlets = c.chatbot, c.panel, c.box, c.outlets

        inputs = [pending, turns, outlets, c.date_from, c.date_to, c.top_k, c.use_llm]
        streams = []
        private: dict[str, Any] = {"api_visibility": "private"}
        gen: dict[str, Any] = {"concurrency_id": "generate", "concurrency_limit": 1, "show_progress": "minimal"}
        for trigger in (box.submit, c.ask_btn.click):
            streams.append(trigger(chat.accept, [box], [box, pending], queue=False, **private)
                           .success(chat.respond, inputs, [chatbot, panel, turns], **gen, **private))
        streams.append(chatbot.example_select(chat.pick_example, None, [pending], queue=False, **private)
                       .then(chat.respond, inputs, [chatbot, panel, turns], **gen, **private))
        c.stop_btn.click(chat.stop, [turns], [chatbot, panel, turns], cancels=streams, queue=False, **private)
        c.clear_btn.click(chat.clear, None, [chatbot, panel, turns], cancels=streams, queue=False, **private)
        chatbot.clear(chat.clear, None, [chatbot, panel, turns], queue=False, **private)
        chatbot.like(chat.like, [turns], None, queue=False, **private)

        def on_upload(paths: list[str] | str | None, progress: gr.Progress = gr.Progress()):  # noqa: B008
            if not paths:
                raise gr.Error("Choose one or more article files.", print_exception=False)
            progress(0, desc="reading the files")
            try:
                report = index_uploads(settings, [paths] if isinstance(paths, str) else list(paths),
                                       progress=lambda done, total, doc: progress((done, total), desc=f"indexing {doc}"))
                refresh_reader(engine.store)
            except Exception as err:
                raise ui_error(err) from None
            if report.rejected:
                gr.Warning(f"{len(report.rejected)} file(s) rejected; see the reasons below the upload box.")
            return (report_html(report), gr.Dataframe(value=article_rows(engine.store)),
                    gr.Dropdown(choices=engine.retriever.outlets()), None)

        files.upload(on_upload, [files], [upload_note, articles, outlets, files], api_name="upload",
                     concurrency_id="index", concurrency_limit=1)
        web.button.click(add_urls_handler(settings, engine), [web.urls], [web.note, articles, outlets],
                         api_name="add_urls", concurrency_id="index", concurrency_limit=1)
        app.load(lambda: (gr.Dataframe(value=article_rows(engine.store)),
                          gr.Dropdown(choices=engine.retriever.outlets())), None, [articles, outlets], **private)
        app.load(refresh_runs, None, [runs], **private)
        gr.api(chat.ask, api_name="ask", concurrency_id="generate", concurrency_limit=1)
        gr.api(claims.check, api_name="check", concurrency_id="check", concurrency_limit=1)
    app.queue(default_concurrency_limit=1, max_size=settings.queue_size)
    return app


@dataclass
class ChatTab:
    chatbot: gr.Chatbot
    panel: gr.HTML
    box: gr.Textbox
    ask_btn: gr.Button
    stop_btn: gr.Button
    clear_btn: gr.Button
    outlets: gr.Dropdown
    date_from: gr.DateTime
    date_to: gr.DateTime
    top_k: gr.Slider
    use_llm: gr.Checkbox


def _chat_tab(settings: Settings, engine: Engine) -> ChatTab:
    """Chat (with its input row and a collapsed filters/settings drawer) on the left, sources on the right."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
            chatbot = gr.Chatbot(
                elem_id="nr-chat", label="Chat", show_label=False, height=560, render_markdown=False,
                sanitize_html=True, latex_delimiters=[], feedback_options=("Like", "Dislike"),
                examples=[{"text": q} for q in EXAMPLES], allow_file_downloads=False, buttons=["copy"],
                placeholder="<b>Ask the news.</b><br>Pick an example or type a question about the articles.")
            with gr.Row(equal_height=True, elem_id="nr-askrow"):
                box = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False, lines=1,
                                 max_lines=4, max_length=settings.max_question_chars, elem_id="nr-question",
                                 autofocus=True, scale=8, container=False)
                ask_btn = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="nr-ask")
                stop_btn = gr.Button("Stop", variant="stop", scale=1, min_width=70, elem_id="nr-stop")
                clear_btn = gr.Button("Clear", variant="secondary", scale=1, min_width=70, elem_id="nr-clear")
            with gr.Accordion("Filters and settings", open=False, elem_id="nr-settings"):
                outlets = gr.Dropdown(engine.retriever.outlets(), value=[], multiselect=True,
                                      label="Only these outlets", info="Empty: every outlet.")
                with gr.Row():
                    date_from = gr.DateTime(include_time=False, type="string", label="Published from")
                    date_to = gr.DateTime(include_time=False, type="string", label="Published to",
                                          info="A date range leaves out undated articles.")
                with gr.Row():
                    top_k = gr.Slider(1, 20, value=settings.top_k, step=1, label="Passages to read (top-k)")
                    use_llm = gr.Checkbox(True, label="Let the model write the answer",
                                          info="Off: quote the best-matching source sentences only.")
                    gr.Textbox(engine.model_name, label="Model (read-only)", interactive=False)
        with gr.Column(scale=2, min_width=340):
            panel = gr.HTML(PLACEHOLDER, elem_id="nr-sources", padding=False)
    return ChatTab(chatbot, panel, box, ask_btn, stop_btn, clear_btn, outlets, date_from, date_to, top_k, use_llm)


def _corpus_tab(engine: Engine) -> tuple[gr.File, gr.HTML, gr.Dataframe, WebBox]:
    gr.Markdown("Add articles as `.txt`, `.md` (front matter for outlet, author, date), `.html` or `.jsonl` "
                "(one article per line). They are indexed at once and searchable in the chat; articles already "
                "indexed stay. A file with the name of an indexed article replaces it.")
    # No file_types filter: Gradio would refuse the whole batch for one odd file; here each file that cannot
    # be indexed is listed with its reason and the others are indexed.
    files = gr.File(file_count="multiple", type="filepath", label="Upload articles (.txt .md .html .jsonl)",
                    elem_id="nr-upload", height=140)
    note = gr.HTML(elem_id="nr-upload-report")
    web = build_web_box()
    articles = gr.Dataframe(value=article_rows(engine.store), headers=ARTICLE_COLUMNS, label="Indexed articles",
                            interactive=False, wrap=True, elem_id="nr-articles", max_height=520,
                            column_widths=["17%", "13%", "30%", "11%", "9%", "6%", "14%"])
    return files, note, articles, web
