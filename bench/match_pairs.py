"""How well the matcher tells a resource that can solve a need from one that cannot, and a report of the
same problem from a different one, on annotated pairs written apart from the vocabulary
(bench/heldout/match_pairs_*.yml, bench/heldout/duplicate_pairs.yml).

    python bench/match_pairs.py            # prints precision and recall as JSON

A need–offer pair is judged as the full matcher judges a need and a resource beyond the need's own
community (the need's dimension and the offer's type as the assistant would file them, then shared
content words); a same-problem pair as 附议 judges a new report against an open one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.keywords import containment, keywords  # noqa: E402
from bot.matching.matcher import GENERIC_WORDS  # noqa: E402
from bot.needs.categories import likeliest_categories  # noqa: E402
from bot.projects.service import SIMILAR_ENOUGH  # noqa: E402
from bot.resources.vocabulary import likeliest_resource_types, serves  # noqa: E402

HELD_OUT = ROOT / "bench" / "heldout"


def need_offer_pairs() -> list[dict]:
    pairs = []
    for path in sorted(HELD_OUT.glob("match_pairs_*.yml")):
        pairs += yaml.safe_load(path.read_text(encoding="utf-8"))
    return pairs


def matches(need: str, offer: str) -> bool:
    category = likeliest_categories(need)[0]
    offered = likeliest_resource_types(offer)[0]
    shared = set(keywords(need)) & set(keywords(offer))
    return serves(category, offered) and bool(shared - GENERIC_WORDS)


def same_problem(first: str, second: str) -> bool:
    """附议 today: the same dimension and most of the new report's content words in the open one."""
    if likeliest_categories(first)[0] != likeliest_categories(second)[0]:
        return False
    words = set(keywords(second))
    return bool(words) and containment(words, set(keywords(first))) >= SIMILAR_ENOUGH


def scores(predicted: list[bool], truth: list[bool]) -> dict:
    hits = sum(1 for p, t in zip(predicted, truth, strict=True) if p and t)
    precision = hits / sum(predicted) if any(predicted) else 0.0
    recall = hits / sum(truth) if any(truth) else 0.0
    return {"pairs": len(truth), "positives": sum(truth), "precision": round(precision, 3), "recall": round(recall, 3)}


def run() -> dict:
    offers = need_offer_pairs()
    result = {"need_offer": scores([matches(p["need"], p["resource"]) for p in offers], [p["match"] for p in offers])}
    duplicates = yaml.safe_load((HELD_OUT / "duplicate_pairs.yml").read_text(encoding="utf-8"))
    result["same_problem"] = scores([same_problem(p["a"], p["b"]) for p in duplicates], [p["same"] for p in duplicates])
    return result


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=1))
