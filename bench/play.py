"""Play the simulated-conversation suite through freshly started servers and a fresh catalog.

    python bench/play.py                 # the whole suite
    python bench/play.py --kind correction --limit 20 --show-failures
Prints a summary (and failures with their turns) and writes it to --out as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dialogues import load_suite, play_all, summary  # noqa: E402
from bench.servers import fresh_servers  # noqa: E402
from bot.catalog.seed import create_catalog  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.places.loader import load_gazetteer  # noqa: E402


def run_suite(conversations: list[dict], workers: int = 4) -> tuple[dict, list]:
    def prepare(database: str) -> None:
        create_catalog(database, load_gazetteer(load_settings().places_csv))

    with fresh_servers("taicang-dialogues-", prepare) as (rasa_url, database):
        outcomes = play_all(rasa_url, database, conversations, workers=workers)
    return summary(outcomes), outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", action="append", help="only conversations of this kind (repeatable)")
    parser.add_argument("--id", action="append", help="only these conversation ids")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "dialogues.json")
    args = parser.parse_args()
    conversations = [c for c in load_suite() if (not args.kind or c.get("kind") in args.kind)
                     and (not args.id or c["id"] in args.id)]
    if args.limit:
        conversations = conversations[: args.limit]
    result, outcomes = run_suite(conversations, args.workers)
    failures = [{"id": o.id, "kind": o.kind, "problems": o.problems, "turns": o.turns} for o in outcomes if not o.ok]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": result, "failures": failures}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.show_failures:
        for failure in failures:
            print(f"\n## {failure['id']} ({failure['kind']}): {'; '.join(failure['problems'])}")
            for said, reply in failure["turns"]:
                print(f"  > {said}\n    {reply.replace(chr(10), chr(10) + '    ')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
