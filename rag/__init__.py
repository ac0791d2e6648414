"""rag: turns a question (and chat history) into an answer with verified inline outlet citations."""
