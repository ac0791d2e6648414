"""index: turns article files into a searchable store (clean, attribute, chunk, embed, Chroma)."""
