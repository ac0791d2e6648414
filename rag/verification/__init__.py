"""Whether a sentence is supported by its sources: the verifier, its relation-level checks, the learned check and the claim checker."""
