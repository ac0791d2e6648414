"""Linguistic helpers: names, places, dates, numbers, parses, word features, opposites and synonyms. Pure functions."""
