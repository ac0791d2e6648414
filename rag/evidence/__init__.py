"""Which sentences answer the question, and the words in them that are the answer."""
