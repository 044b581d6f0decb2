"""How well the matcher tells a resource that can solve a need from one that cannot, and a report of the
same problem from a different one, on annotated pairs written apart from the vocabulary
(bench/heldout/match_pairs_*.yml, bench/heldout/duplicate_pairs.yml).

    python bench/match_pairs.py            # precision and recall as JSON, held-out and development sets

A need–offer pair is a strong match when the offer offers a capability the need requires (as the matcher
judges a pair in reach); only such matches make a need 先治理. A same-problem pair is judged as 附议 judges a new
report against an open one of the same community. bench/dev/ holds a smaller set, written apart too, on which
thresholds may be chosen; the held-out figures are the ones reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.matching import duplicates  # noqa: E402
from bot.matching.matcher import NeedItem, ResourceItem, evidence  # noqa: E402
from bot.matching.service import need_keywords, resource_keywords  # noqa: E402

HELD_OUT = ROOT / "bench" / "heldout"
DEV = ROOT / "bench" / "dev"


def _load(*paths: Path) -> list[dict]:
    pairs: list[dict] = []
    for path in paths:
        pairs += yaml.safe_load(path.read_text(encoding="utf-8"))
    return pairs


def strong_match(need: str, offer: str) -> bool:
    """As the matcher judges a pair in reach: from the keywords and tags the catalog stores for each."""
    need_item = NeedItem(1, 1, 1, "", frozenset(need_keywords(need, ()).split()))
    resource_item = ResourceItem(1, "community", 1, 1, "", frozenset(resource_keywords(offer, ()).split()))
    return bool(evidence(need_item, resource_item))


def same_problem(first: str, second: str) -> bool:
    return duplicates.same_problem(duplicates.read(first), duplicates.read(second)) >= duplicates.SAME_ENOUGH


def scores(predicted: list[bool], truth: list[bool]) -> dict:
    hits = sum(1 for p, t in zip(predicted, truth, strict=True) if p and t)
    precision = hits / sum(predicted) if any(predicted) else 0.0
    recall = hits / sum(truth) if any(truth) else 0.0
    return {"pairs": len(truth), "positives": sum(truth), "precision": round(precision, 3), "recall": round(recall, 3)}


def evaluate(offers: list[dict], same: list[dict]) -> dict:
    return {
        "need_offer": scores([strong_match(p["need"], p["resource"]) for p in offers], [p["match"] for p in offers]),
        "same_problem": scores([same_problem(p["a"], p["b"]) for p in same], [p["same"] for p in same]),
    }


def run() -> dict:
    result = {"heldout": evaluate(_load(*sorted(HELD_OUT.glob("match_pairs_*.yml"))),
                                  _load(HELD_OUT / "duplicate_pairs.yml"))}
    offers, same = sorted(DEV.glob("match_pairs*.yml")), sorted(DEV.glob("duplicate_pairs*.yml"))
    if offers and same:
        result["dev"] = evaluate(_load(*offers), _load(*same))
    return result


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=1))
