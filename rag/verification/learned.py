"""The learned check: a logistic regression over the verifier's features (rag/verification/features.py) that says how likely a
window is to support a sentence. Its weights are a small file a person can read (rag/data/support_model.json),
written by `python -m eval.train_verifier` from the claim set's calibration half; the threshold was chosen there
by cross-validation. The verifier trusts a window only when every rule check passes it *and* the model does.

    support_model().probability(features(ctx, match)) -> 0.93
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rag.verification.features import FEATURES, Context, alignment, features, gap_words
from rag.verification.windows import Match

MODEL_FILE = "data/support_model.json"


@dataclass(frozen=True)
class SupportModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]  # per standardised feature; "bias" is one of the features
    threshold: float  # a window is trusted from this probability on

    @classmethod
    def from_dict(cls, d: dict) -> SupportModel:
        """{"features": {"recall": {"mean", "scale", "weight"}, ...}, "threshold"} -> SupportModel; a feature
        the verifier does not compute, or one it computes missing from the file, is an error."""
        names = tuple(d["features"])
        if set(names) != set(FEATURES):
            raise ValueError(f"{MODEL_FILE}: features {sorted(set(names) ^ set(FEATURES))} differ from "
                             "rag.verification.features.FEATURES; retrain with python -m eval.train_verifier")
        f = d["features"]
        return cls(names, tuple(f[n]["mean"] for n in names), tuple(f[n]["scale"] or 1.0 for n in names),
                   tuple(f[n]["weight"] for n in names), float(d["threshold"]))

    def logit(self, x: dict[str, float]) -> float:
        return sum(w * (x[n] - mu) / sd for n, mu, sd, w in zip(self.features, self.mean, self.scale, self.weights))

    def probability(self, x: dict[str, float]) -> float:
        """Features -> P(the window supports the sentence)."""
        z = self.logit(x)
        return 1 / (1 + math.exp(-z)) if z > -40 else 0.0

    def against(self, x: dict[str, float]) -> list[str]:
        """The features that pull the probability down most, strongest first."""
        pulls = [(w * (x[n] - mu) / sd, n) for n, mu, sd, w in zip(self.features, self.mean, self.scale,
                                                                      self.weights) if n != "bias"]
        return [n for v, n in sorted(pulls) if v < 0]

    def reason(self, ctx: Context, m: Match) -> str:
        """Why the check does not trust a window the rules found nothing wrong with, in words a reader can act
        on: the run of words the window lacks, or how little of the sentence it holds or means."""
        x = features(ctx, m)
        for name in self.against(x)[:3]:
            if name in ("inserted", "longest_gap", "worst_piece", "unmatched", "novel", "length_ratio") and (
                    words := gap_words(ctx.sentence, m)):
                return f"part not in source: {words}"
            if name == "opposite" and (flips := alignment(ctx, m).opposite):
                return "negation differs from source: " + ", ".join(f"{w} / {t}" for w, t in flips)
            if name in ("not_finite", "subordinate_opening"):
                return "no main clause: the sentence may be a fragment"
        return "low overlap"


@lru_cache(maxsize=1)
def support_model() -> SupportModel:
    """The model rag/data/support_model.json holds."""
    return SupportModel.from_dict(json.loads(resources.files("rag").joinpath(MODEL_FILE).read_text(encoding="utf-8")))
