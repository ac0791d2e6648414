"""Finding the passages: dense (Chroma) and keyword (BM25) retrieval, fused."""
