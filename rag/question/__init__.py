"""What the question asks: its answer type, focus and constraints; follow-ups made standalone; the reports and metadata it asks about."""
