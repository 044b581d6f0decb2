"""Play the cadre-question suite (bench/cadres) through freshly started servers on the fixture.

    python bench/cadre_questions.py                      # the whole suite
    python bench/cadre_questions.py --id f003 --show-failures
Prints a summary (and failures with their turns) and writes it to --out as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cadres import fixture  # noqa: E402
from bench.cadres.suite import load_suite, play_all, roster_text, summary  # noqa: E402
from bench.cadres.truth import Truth  # noqa: E402
from bench.servers import fresh_servers  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.places.loader import load_gazetteer  # noqa: E402


def run_suite(sequences: list[dict], workers: int = 3) -> tuple[dict, list]:
    def prepare(database: str) -> None:
        fixture.build(database, load_gazetteer(load_settings().places_csv))

    with fresh_servers("taicang-cadres-", prepare, roster_text(sequences)) as (rasa_url, database):
        truth = Truth(database)
        try:
            outcomes = play_all(rasa_url, sequences, truth, workers=workers)
        finally:
            truth.close()
    return summary(outcomes), outcomes


def failures_of(outcomes: list) -> list[dict]:
    return [{"id": o.id, "cadre": o.cadre,
             "turns": [{"say": t.said, "reply": t.reply, "failed": t.failed} for t in o.turns]}
            for o in outcomes if not o.ok]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--id", action="append", help="only these sequence ids (or id prefixes)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "cadre_questions.json")
    args = parser.parse_args()
    sequences = [s for s in load_suite() if not args.id or any(s["id"].startswith(i) for i in args.id)]
    result, outcomes = run_suite(sequences, args.workers)
    failures = failures_of(outcomes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": result, "failures": failures}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.show_failures:
        for failure in failures:
            print(f"\n## {failure['id']} ({failure['cadre']})")
            for turn in failure["turns"]:
                mark = "✗ " + "; ".join(turn["failed"]) if turn["failed"] else "✓"
                print(f"  > {turn['say']}   {mark}\n    {turn['reply'].replace(chr(10), chr(10) + '    ')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
