"""The web UI: a Gradio page over `rag.pipeline.Engine`. `python -m ui` or `newsrag` starts it."""
