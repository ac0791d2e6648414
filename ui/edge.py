"""The UI edge: exceptions become one short line for the user; tracebacks go to the server log only."""

from __future__ import annotations

import html
import logging

import gradio as gr

from index.errors import NewsragError

log = logging.getLogger("newsrag.ui")


def user_message(err: BaseException) -> str:
    """An exception -> the one line a user may see: our errors' own message, otherwise only the type
    (an unexpected message may carry paths or keys).

    UserError("the question is empty") -> "the question is empty"; KeyError("/srv/x") -> "unexpected error (KeyError)..."
    """
    if isinstance(err, NewsragError):
        return str(err).splitlines()[0] if str(err) else type(err).__name__
    log.error("unexpected error in the web UI", exc_info=err)
    return f"unexpected error ({type(err).__name__}); the details are in the server log"


def ui_error(err: BaseException) -> gr.Error:
    """An exception -> the gr.Error to raise. Gradio renders its message as HTML, so it is escaped."""
    return gr.Error(html.escape(user_message(err), quote=False), print_exception=False)
