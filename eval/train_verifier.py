"""Train the verifier's learned check (rag/verification/learned.py) on the claim set's calibration half.

    python -m eval.train_verifier [--budget 0.05] [--made-weight 0.5] [--folds 5] [--out FILE] [--dry-run]

Each calibration item is assessed as the engine does it (`rag.verification.verifier.assess`: names, numbers and negation are
hard rules; the windows they leave open are candidates). Its example is the feature vector (rag/verification/features.py) of
the candidate the model ranks first: supported items teach that window to pass, unsupported ones that even
their most convincing window must not. Claims made up from half the articles by eval/perturb.py (an added
clause, a substituted act, an opposite, a fragment, ... and faithful rewordings) join them at --made-weight:
the calibration half alone has too few wrong sentences that pass the rules to learn from. A logistic
regression (numpy, L2, weights kept to their sign, Newton steps) is fitted over the lexical features (the
windows are found with the configured embedder, as the engine does, for its cosine rule). The L2 strength and
the threshold are chosen by 5-fold cross-validation: the strictest threshold that costs at most --budget of the
recall the rules alone keep on the calibration half (out of fold), the L2 strength whose threshold does best
(F0.5) on the calibration half and the made-up claims together. Claims made up from the other half of the
articles measure what it catches. The test half is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from eval.claims import ERRORS, FAITHFUL, ClaimItem, load_claims, to_passages
from eval.perturb import Made, articles_passages, made_up
from index.settings import Settings
from rag.answer import Passage
from rag.verification.features import FEATURES, features
from rag.verification.learned import MODEL_FILE
from rag.verification.verifier import Verdict, assess

OUT = Path(__file__).resolve().parents[1] / "rag" / MODEL_FILE
PENALTIES = (0.1, 0.3, 1.0, 3.0, 10.0)  # L2 strengths tried (on standardised features)
Embed = Callable[[list[str]], list[list[float]]]


@dataclass
class Example:
    """One claim to learn from: its candidate windows' feature vectors ([] when the hard rules reject every
    window, or it is no claim: the model never sees those)."""

    id: str
    kind: str
    supported: bool
    rows: list[np.ndarray]
    weight: float = 1.0
    made: bool = False  # made up by eval/perturb.py rather than from the claim set


def examples(items: Sequence[ClaimItem], embed: Embed | None) -> list[Example]:
    """Claim items -> Examples, assessed as the engine does it."""
    out = []
    for item in items:
        passages = to_passages(item)
        out.append(Example(item.id, item.kind, item.supported, _rows(item.sentence, passages, embed)))
    return out


def made_examples(made: Sequence[Made], embed: Embed | None, weight: float) -> list[Example]:
    """Made-up claims -> Examples (weighted below the claim set's: their wording is simpler)."""
    return [Example(f"made-{k}", m.kind, m.supported, _rows(m.sentence, list(m.passages), embed), weight, True)
            for k, m in enumerate(made)]


def _rows(sentence: str, passages: list[Passage], embed: Embed | None) -> list[np.ndarray]:
    a = assess(sentence, passages, passages, embed)
    if isinstance(a, Verdict):
        return []
    return [np.array([features(a.ctx, m)[n] for n in FEATURES]) for m in a.candidates()]


# Signs the weights must keep: what the window lacks can only count against support, what it holds only for.
# Without them the weights of correlated features (a word missing is also a word substituted) come out with
# signs that fit the calibration half and nothing else.
AGAINST = {"unmatched", "longest_gap", "novel", "not_finite", "subordinate_opening", "substituted", "opposite",
           "inserted", "verb_substituted"}
FOR = {"recall", "act_recall", "explained", "worst_piece", "reworded", "merged"}


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray, penalty: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, 0/1 labels, row weights -> (mean, scale, weights) of an L2 logistic regression on standardised
    features, each weight kept to its sign (AGAINST, FOR) by projected Newton steps; the bias, feature 0, is
    neither standardised nor penalised."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    low = np.array([0.0 if n in FOR else -np.inf for n in FEATURES])
    high = np.array([0.0 if n in AGAINST else np.inf for n in FEATURES])
    w = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], penalty)
    ridge[0] = 1e-6
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (weight * (p - y)) + ridge * w
        hess = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(ridge)
        # a weight at its bound that the gradient pushes further out stays there
        free = ~(((w <= low) & (grad > 0)) | ((w >= high) & (grad < 0)))
        step = np.zeros_like(w)
        step[free] = np.linalg.solve(hess[np.ix_(free, free)], grad[free])
        new = np.clip(w - step, low, high)
        if np.abs(new - w).max() < 1e-8:
            break
        w = new
    return mean, scale, w


def probability(model: tuple[np.ndarray, np.ndarray, np.ndarray], rows: list[np.ndarray]) -> float:
    """The item's score: its most convincing candidate's probability, -1 when it has none."""
    if not rows:
        return -1.0  # the rules reject it: no threshold passes it
    mean, scale, w = model
    z = (np.array(rows) - mean) / scale @ w
    return float((1 / (1 + np.exp(-np.clip(z, -30, 30)))).max())


def train(data: list[Example], penalty: float, rounds: int = 3):
    """Fit, then refit on each example's top candidate under the last fit (the first fit takes the first)."""
    picks = [0] * len(data)
    model = None
    for _ in range(rounds):
        chosen = [(e.rows[k], e.supported, e.weight) for e, k in zip(data, picks) if e.rows]
        x = np.array([r for r, _, _ in chosen])
        model = fit(x, np.array([float(s) for _, s, _ in chosen]), np.array([w for _, _, w in chosen]), penalty)
        mean, scale, w = model
        picks = [int(np.argmax((np.array(e.rows) - mean) / scale @ w)) if e.rows else 0 for e in data]
    return model


def fold_of(key: str, folds: int) -> int:
    return hashlib.sha256(f"fold:{key}".encode()).digest()[0] % folds


def out_of_fold(data: list[Example], penalty: float, folds: int) -> list[float]:
    """Each example's probability from a model fitted on the other folds."""
    scores = [0.0] * len(data)
    for f in range(folds):
        model = train([e for e in data if fold_of(e.id, folds) != f], penalty)
        for k, e in enumerate(data):
            if fold_of(e.id, folds) == f:
                scores[k] = probability(model, e.rows)
    return scores


def measure(items: Sequence[Example], scores: Sequence[float], threshold: float) -> dict:
    """Precision and recall of "supported" at a threshold, the worst error kind and faithful kind."""
    passed = [s >= threshold for s in scores]
    tp = sum(i.weight for p, i in zip(passed, items) if p and i.supported)
    fp = sum(i.weight for p, i in zip(passed, items) if p and not i.supported)
    pos = sum(i.weight for i in items if i.supported)
    kinds: dict[str, list[bool]] = {}
    for p, i in zip(passed, items):
        kinds.setdefault(i.kind, []).append(p)
    errors = {k: 1 - sum(v) / len(v) for k, v in kinds.items() if k in ERRORS}
    faithful = {k: sum(v) / len(v) for k, v in kinds.items() if k in FAITHFUL}
    return {"threshold": round(threshold, 4), "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / pos if pos else 0.0, "min_error_precision": min(errors.values(), default=1.0),
            "worst_error_kind": min(errors, key=errors.get, default=""),
            "min_faithful_recall": min(faithful.values(), default=1.0),
            "worst_faithful_kind": min(faithful, key=faithful.get, default="")}


def choose_threshold(data: Sequence[Example], scores: Sequence[float], budget: float) -> dict:
    """The strictest threshold that costs the calibration half's real claims at most `budget` of the recall the
    rules alone keep there (out of fold): the made-up claims say what a stricter threshold catches, but only
    real claims say which paraphrases it refuses."""
    claims = [(e, s) for e, s in zip(data, scores) if not e.made]
    items, real = [e for e, _ in claims], [s for _, s in claims]
    floor = measure(items, real, -0.5)["recall"] - budget
    ok = [t for t in sorted(set(real) | {0.0}) if t >= 0 and measure(items, real, t)["recall"] >= floor - 1e-9]
    return measure(items, real, max(ok))


def f_half(precision: float, recall: float) -> float:
    return 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0


def select(data: list[Example], folds: int, budget: float) -> tuple[float, dict, list[dict]]:
    """The L2 strength whose out-of-fold threshold (choose_threshold) does best on the calibration half and the
    made-up claims together (each made-up claim counting its weight; F0.5, precision counted twice). Returns
    the calibration half's own figures at that threshold, those of both under "with_made_up"."""
    tried = []
    for penalty in PENALTIES:
        scores = out_of_fold(data, penalty, folds)
        chosen = choose_threshold(data, scores, budget)
        tried.append({**chosen, "penalty": penalty, "with_made_up": measure(data, scores, chosen["threshold"])})
    best = max(tried, key=lambda m: f_half(m["with_made_up"]["precision"], m["with_made_up"]["recall"]))
    return best["penalty"], best, tried


def to_json(model, threshold: float, penalty: float, cv: dict, n: int) -> dict:
    mean, scale, w = model
    return {"penalty": penalty, "threshold": round(threshold, 4), "trained_on": n,
            "cross_validated": {k: round(v, 4) if isinstance(v, float) else v for k, v in cv.items()},
            "features": {name: {"mean": round(float(mu), 6), "scale": round(float(sd), 6), "weight": round(float(wt), 6)}
                         for name, mu, sd, wt in zip(FEATURES, mean, scale, w)}}


def embedder(settings: Settings) -> Embed:
    from index.embed import embed_texts, make_embedder

    e = make_embedder(settings.embed)
    return lambda texts: embed_texts(e, texts)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.train_verifier", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--budget", type=float, default=0.05,
                   help="share of the calibration half's recall (out of fold) the learned check may cost")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--made-weight", type=float, default=0.5, help="weight of a made-up claim (eval/perturb.py)")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--dry-run", action="store_true", help="report the cross-validation, write nothing")
    args = p.parse_args(argv)
    items = [i for i in load_claims() if i.split == "calibration"]
    passages = articles_passages()
    learn = made_up([q for q in passages if fold_of(q.doc_id, 2) == 0], seed=1)
    probe = made_up([q for q in passages if fold_of(q.doc_id, 2) == 1], seed=2)
    embed = embedder(Settings(_env_file=None))  # type: ignore[call-arg]
    data = examples(items, embed) + made_examples(learn, embed, args.made_weight)
    penalty, cv, tried = select(data, args.folds, args.budget)
    model = train(data, penalty)
    result = {"about": "rag/verification/learned.py: logistic regression over rag/verification/features.py, trained by python -m "
                       f"eval.train_verifier on the claim set's calibration half ({len(items)} items) and "
                       f"{len(learn)} claims made up from half the articles (eval/perturb.py), "
                       f"{date.today().isoformat()}",
              **to_json(model, cv["threshold"], penalty, cv, sum(bool(e.rows) for e in data))}
    _report(penalty, cv, tried)
    held_out = made_examples(probe, embed, 1.0)
    result["made_up_held_out"] = by_kind(held_out, [probability(model, e.rows) for e in held_out], cv["threshold"])
    print("  made up from the other half of the articles, share passed: " + ", ".join(
        f"{k} {v:.2f}" for k, v in result["made_up_held_out"].items()), file=sys.stderr)
    if not args.dry_run:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def by_kind(data: Sequence[Example], scores: Sequence[float], threshold: float) -> dict[str, float]:
    """Share of each kind's examples passed at the threshold."""
    kinds: dict[str, list[bool]] = {}
    for e, s in zip(data, scores):
        kinds.setdefault(e.kind, []).append(s >= threshold)
    return {k: round(sum(v) / len(v), 3) for k, v in sorted(kinds.items())}


def _report(penalty: float, cv: dict, tried: list[dict]) -> None:
    print(f"penalty {penalty}, threshold {cv['threshold']}, out-of-fold precision "
          f"{cv['precision']:.3f} recall {cv['recall']:.3f}, worst error kind {cv['worst_error_kind']} "
          f"{cv['min_error_precision']:.3f}, worst faithful kind {cv['worst_faithful_kind']} "
          f"{cv['min_faithful_recall']:.3f}", file=sys.stderr)
    for t in tried:
        c = t["with_made_up"]
        print(f"  penalty {t['penalty']}: threshold {t['threshold']} precision {t['precision']:.3f} "
              f"recall {t['recall']:.3f}; with the made-up claims {c['precision']:.3f} / {c['recall']:.3f}",
              file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
