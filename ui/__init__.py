"""The web UI: a Gradio page over `rag.reply.pipeline.Engine`. `python -m ui` or `newsrag` starts it."""
