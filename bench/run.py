"""Benchmarks for the assistant: a report, not a test.

Writes bench/results/*.json and the table between the bench markers in README.md:
- NLU 5-fold cross-validation: intent macro-F1 and place-entity (town, community) F1;
- training time of the whole model;
- per-message latency through the REST webhook over whole need-report dialogues at 1, 10 and
  50 concurrent residents, messages per second, and the peak memory of both servers.

The load comes from this process; the servers are separate processes on loopback.
Run with `make bench`; `python bench/run.py --skip-cv` skips the slowest part.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.residents import RestResident, UnexpectedReply, filed_in_catalog, problem_for  # noqa: E402
from bot.catalog.seed import create_catalog  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.places.loader import load_gazetteer  # noqa: E402
from bot.servers import start  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / "work"
RASA = Path(sys.executable).parent / "rasa"
CONCURRENCY = (1, 10, 50)
DIALOGUES_PER_USER = {1: 10, 10: 3, 50: 2}
MATCHING_SIZES, LOAD_LEVELS, WEB_SIZE, QUESTIONS_SIZE = "10000,100000,1000000", "50,200,500", 100_000, 1_000_000


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def commit() -> str:
    """The commit measured, marked "+changes" when the working tree differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def env() -> dict[str, str]:
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}


# -- NLU cross-validation ----------------------------------------------------------------
def cross_validate(folds: int) -> dict:
    out = WORK / "cv"
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml", "--cross-validation",
         "--folds", str(folds), "--out", str(out)],
        cwd=ROOT, env=env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    intents = json.loads((out / "intent_report.json").read_text())
    return {
        "folds": folds,
        "intent_macro_f1": round(intents["macro avg"]["f1-score"], 4),
        "intent_accuracy": round(intents.get("accuracy", 0.0), 4),
        "intent_f1": {k: round(v["f1-score"], 3) for k, v in intents.items()
                      if isinstance(v, dict) and "support" in v and k not in ("macro avg", "weighted avg", "micro avg")},
        "seconds": round(time.monotonic() - started, 1),
    }


def places_and_heldout() -> dict:
    """Places over every training example (the gazetteer tagger does not learn from them, so
    this is also its cross-validated figure), and intents and places on the held-out set."""
    from bench.nlu_eval import evaluate, read_examples, read_listed

    gazetteer = load_gazetteer(load_settings().places_csv)
    model = ROOT / "models" / "taicang.tar.gz"
    training = [p for p in sorted((ROOT / "data" / "nlu").glob("*.yml"))]
    result = {"training_examples": evaluate(model, read_examples(training), gazetteer)}
    heldout = ROOT / "bench" / "heldout" / "annotated_nlu.yml"
    if heldout.exists():
        result["heldout"] = evaluate(model, read_examples([heldout]), gazetteer)
    result["heldout_intents"] = evaluate(model, read_listed(ROOT / "bench" / "heldout" / "intents.yml"), gazetteer)
    return result


def categories_heldout() -> dict:
    """The dimension's first guess on held-out descriptions, and the buttons when it asks instead."""
    import yaml

    from bot.vocab.classifier import rank

    items = yaml.safe_load((ROOT / "bench" / "heldout" / "categories.yml").read_text(encoding="utf-8"))
    from bot.vocab.categories import infer_category, likeliest_categories

    rankings = [(rank(item["text"]), item["dimension"], infer_category(item["text"])) for item in items]
    sure = [(inferred, d) for _, d, inferred in rankings if inferred]
    asked = [(item["text"], d) for item, (_, d, inferred) in zip(items, rankings, strict=True) if not inferred]
    return {
        "descriptions": len(items),
        "first_guess_accuracy": round(sum((i or r.best) == d for r, d, i in rankings) / len(rankings), 3),
        "inferred_share": round(len(sure) / len(rankings), 3),
        "inferred_accuracy": round(sum(i == d for i, d in sure) / max(len(sure), 1), 3),
        "asked_right_in_first_two": round(sum(d in likeliest_categories(t)[:2] for t, d in asked) / max(len(asked), 1), 3),
    }


def dialogues() -> dict:
    """The whole simulated-conversation suite through freshly started servers."""
    from bench.dialogues import load_suite
    from bench.play import run_suite

    result, outcomes = run_suite(load_suite(), workers=3)
    result["failures"] = [{"id": o.id, "problems": o.problems} for o in outcomes if not o.ok]
    return result


def call_backs() -> dict:
    """The call-back (回访) suite through freshly started servers."""
    from bench.call_backs import HELDOUT, load_suite, run_suite, summary

    developed, held_out = load_suite(), load_suite(HELDOUT)
    _, outcomes = run_suite(developed + held_out)
    return {"suite": summary(outcomes[:len(developed)]), "heldout": summary(outcomes[len(developed):])}


def cadre_questions() -> dict:
    """The whole cadre-question suite (bench/cadres) through freshly started servers."""
    from bench.cadre_questions import failures_of, run_suite
    from bench.cadres.suite import load_suite

    result, outcomes = run_suite(load_suite(), workers=3)
    result["failures"] = [{"id": f["id"], "failed": [p for t in f["turns"] for p in t["failed"]]}
                          for f in failures_of(outcomes)]
    return result


# -- training time -----------------------------------------------------------------------
def training_time() -> dict:
    out = WORK / "models"
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--force", "--out", str(out), "--fixed-model-name", "bench"],
        cwd=ROOT, env=env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return {"seconds": round(time.monotonic() - started, 1)}


# -- latency under load --------------------------------------------------------------------
class MemoryWatch:
    """Samples the resident memory of the server processes (and their children)."""

    def __init__(self, pids: list[int]) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]
        self.peak_mib = {pid: 0.0 for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for process in self.processes:
                try:
                    rss = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
                except psutil.Error:
                    continue
                self.peak_mib[process.pid] = max(self.peak_mib[process.pid], rss / 2**20)
            time.sleep(0.2)


async def resident(session: aiohttp.ClientSession, webhook: str, numbers: range, places: list[str],
                   latencies: list[float], reports: list[tuple[str, str, str]], failures: list[str]) -> None:
    """One resident after another at this keyboard: each with a place and a problem of their own files a whole
    report (answering whatever is asked) and then asks after it."""
    for number in numbers:
        person = RestResident(webhook, f"bench-{number}", places[number % len(places)], problem_for(number))
        try:
            await person.say(session, "你好")
            tracking = await person.report(session)
            if tracking not in await person.say(session, "我上次反映的那个怎么样了"):
                failures.append(f"{person.sender}: the status answer does not name {tracking}")
            reports.append((person.place, person.problem, tracking))
        except (UnexpectedReply, aiohttp.ClientError, asyncio.TimeoutError) as error:
            failures.append(f"{person.sender}: {str(error)[:160]}")
        latencies.extend(person.latencies_ms)


async def load_rest(webhook: str, users: int, first: int, places: list[str]) -> dict:
    latencies: list[float] = []
    reports: list[tuple[str, str, str]] = []
    failures: list[str] = []
    rounds = DIALOGUES_PER_USER[users]
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(
            resident(session, webhook, range(first + i * rounds, first + (i + 1) * rounds), places, latencies,
                     reports, failures)
            for i in range(users)
        ))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "users": users,
        "messages": len(latencies),
        "dialogues": users * rounds,
        "reports": reports,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "messages_per_second": round(len(latencies) / elapsed, 1),
        "failures": failures[:10],
    }


def latency() -> dict:
    database = WORK / "latency.db"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    create_catalog(url, load_gazetteer(load_settings().places_csv))
    servers = start(ROOT / "models" / "taicang.tar.gz", {"DATABASE_URL": url}, rasa_port=5905, action_port=5955,
                    log_dir=WORK / "logs")
    try:
        webhook = f"{servers.rasa_url}/webhooks/rest/webhook"
        places = load.places_for_load(load_gazetteer(load_settings().places_csv))
        asyncio.run(load_rest(webhook, 1, 100, places))  # warm-up: first calls load lazy parts of both servers
        with MemoryWatch(servers.pids()) as memory:
            runs = [asyncio.run(load_rest(webhook, users, 1000 * (level + 1), places))
                    for level, users in enumerate(CONCURRENCY)]
        for run in runs:  # a dialogue counts only when its record is in the catalog as the resident said it
            run["filed"] = filed_in_catalog(url, run.pop("reports"))
        rasa_pid, action_pid = servers.pids()[1], servers.pids()[0]
        return {
            "runs": runs,
            "peak_memory_mib": {
                "rasa_server": round(memory.peak_mib[rasa_pid], 1),
                "action_server": round(memory.peak_mib[action_pid], 1),
            },
        }
    finally:
        servers.stop()


# -- report ----------------------------------------------------------------------------------
def write_readme(report: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start_mark, end_mark = "<!-- bench:start -->", "<!-- bench:end -->"
    if start_mark not in text:
        return
    rows = ["| measure | target | result |", "|---|---|---|"]
    nlu = report.get("nlu")
    if nlu:
        rows.append(f"| intent macro-F1, {nlu['folds']}-fold cross-validation | ≥ 0.95 | {nlu['intent_macro_f1']:.3f} |")
    places = report.get("places", {})
    heldout = places.get("heldout")
    if heldout:
        rows.append(f"| annotated held-out set ({heldout['examples']} unseen messages, {heldout['place_support']} places): "
                    f"intent macro-F1 / place-entity F1 (span, label and official value) | / ≥ 0.97 | "
                    f"{heldout['intent_macro_f1']:.3f} / {heldout['place_entity_f1']:.3f} "
                    f"(values {heldout['place_value_accuracy']:.3f}) |")
    intents = places.get("heldout_intents")
    if intents:
        rows.append(f"| held-out intents ({intents['examples']} messages, leak-free): macro-F1 | ≥ 0.95 | "
                    f"{intents['intent_macro_f1']:.3f} |")
    categories = report.get("categories")
    if categories:
        rows.append(f"| need dimension, {categories['descriptions']} held-out descriptions: first-guess accuracy; "
                    f"inferred share (accuracy); right dimension in the first two buttons when asked | ≥ 0.90; ; ≥ 0.98 | "
                    f"{categories['first_guess_accuracy']:.3f}; {categories['inferred_share']:.2f} "
                    f"({categories['inferred_accuracy']:.3f}); {categories['asked_right_in_first_two']:.3f} |")
    pairs = report.get("match_pairs", {}).get("heldout")
    if pairs:
        offers, same = pairs["need_offer"], pairs["same_problem"]
        rows.append(f"| strong matches on {offers['pairs']} annotated need–offer pairs: precision / recall | ≥ 0.90 / ≥ 0.80 | "
                    f"{offers['precision']:.3f} / {offers['recall']:.3f} |")
        rows.append(f"| 附议: same problem on {same['pairs']} annotated report pairs: precision / recall | ≥ 0.90 / ≥ 0.80 | "
                    f"{same['precision']:.3f} / {same['recall']:.3f} |")
    talks = report.get("dialogues")
    if talks:
        rows.append(f"| simulated conversations through the servers ({talks['conversations']}): right record, summary "
                    f"and acknowledgements | ≥ 95% | {talks['success_rate'] * 100:.1f}% "
                    f"({', '.join(f'{k} {v}' for k, v in talks['by_kind'].items())}) |")
    visits = report.get("call_backs")
    if visits:
        suite, held = visits["suite"], visits["heldout"]
        rows.append(f"| call-backs (回访) through the servers, residents answering in their own words, declining or "
                    f"moving on: recorded right on the held-out set ({held['conversations']}) / on the set the reader "
                    f"was built on ({suite['conversations']}) | ≥ 95% | {held['share'] * 100:.1f}% / "
                    f"{suite['share'] * 100:.1f}% |")
    cadres = report.get("cadre_questions")
    if cadres:
        rows.append(f"| cadre questions through the servers ({cadres['questions']} in {cadres['sequences']} "
                    f"conversations): figures right / answered in the shape asked / follow-ups understood "
                    f"({cadres['follow_ups']}) / every part of multi-part ({cadres['multi_part']}) | 100% / ≥ 95% / "
                    f"100% / | {cadres['figures_right'] * 100:.1f}% / {cadres['answered_in_shape'] * 100:.1f}% / "
                    f"{cadres['follow_ups_understood'] * 100:.1f}% / {cadres['multi_part_answered'] * 100:.1f}% |")
    if report.get("training"):
        rows.append(f"| training time (NLU + dialogue) | ≤ 180 s | {report['training']['seconds']:.0f} s |")
    for run in report.get("latency", {}).get("runs", []):
        target = "≤ 100 ms" if run["users"] == 1 else ("≥ 40 msg/s" if run["users"] == 50 else "")
        rows.append(
            f"| {run['users']} at once, whole need reports (own place and problem) through Rasa's REST webhook: "
            f"p50 / p95 per message, messages/s, reports filed in the catalog | {target} | "
            f"{run['p50_ms']:.0f} / {run['p95_ms']:.0f} ms, {run['messages_per_second']:.1f} msg/s, "
            f"{run.get('filed', 0)}/{run['dialogues']} |"
        )
    memory = report.get("latency", {}).get("peak_memory_mib")
    if memory:
        rows.append(f"| peak memory: Rasa server / action server | | {memory['rasa_server']:.0f} / "
                    f"{memory['action_server']:.0f} MiB |")
    for run in report.get("matching", []):
        rows.append(
            f"| matching, {run['needs']:,} needs / {run['resources']:,} resources: full run; one new need / resource "
            f"(median) | {'≤ 10 s; ≤ 50 ms' if run['needs'] == 100_000 else ''} | {run['full_run_seconds']:.1f} s; "
            f"{run['new_need_ms_median']:.0f} / {run['new_resource_ms_median']:.0f} ms |"
        )
    questions = report.get("questions")
    if questions:
        worst = max(questions["answers"].items(), key=lambda item: item[1]["p95_ms"])
        rows.append(
            f"| cadre questions on {questions['needs']:,} needs / {questions['resources']:,} resources: "
            f"slowest p95 of {len(questions['answers'])} kinds ({worst[0]}) | ≤ 50 ms | {worst[1]['p95_ms']:.0f} ms |"
        )
        city = questions.get("rates", {}).get("city, all time")
        if city:
            rows.append(f"| call-back rates of the whole city on {questions['needs']:,} needs, all time: p95 | ≤ 50 ms | "
                        f"{city['p95_ms']:.0f} ms |")
        made = questions.get("report")
        if made:
            rows.append(f"| 中期评估 report of the busiest town ({made['town']}) on {questions['needs']:,} needs: "
                        f"PDF / workbook | ≤ 10 s | {made['pdf_seconds']:.1f} / {made['xlsx_seconds']:.1f} s |")
    wechat_report = report.get("wechat")
    if wechat_report:
        rows.append(f"| WeChat channel, {wechat_report['users']} residents at once, whole need reports through "
                    f"/wechat: POST to reply p50 / p95; share answered inside WeChat's 5 s | 100% inside 5 s | "
                    f"{wechat_report['p50_ms']:.0f} / {wechat_report['p95_ms']:.0f} ms; "
                    f"{wechat_report['inside_5s_share'] * 100:.1f}% (passive {wechat_report['passive_share'] * 100:.1f}%), "
                    f"{wechat_report.get('filed', 0)}/{wechat_report['users']} reports filed |")
    web_report = report.get("web")
    if web_report:
        load = web_report["first_load"]
        rows.append(f"| chat page first load ({load['files']} files): bytes sent to a phone, time on slow 3G "
                    f"(400 kbit/s, 400 ms per request) | | {load['bytes'] / 1024:.0f} KiB, ≈ {load['slow_3g_seconds']} s |")
        for name, run in web_report.items():
            if not isinstance(run, dict) or "p95_ms" not in run:
                continue
            rows.append(f"| web {name}, {web_report['clients']} concurrent clients, {web_report['needs']:,} needs: "
                        f"p50 / p95 | | {run['p50_ms']:.0f} / {run['p95_ms']:.0f} ms, {run['requests_per_second']:.0f} req/s |")
        export = web_report.get("export_town_needs")
        if export:
            rows.append(f"| Excel export of one town's needs ({export['rows']:,} rows) | | {export['seconds']} s, "
                        f"{export['bytes'] / 1024 / 1024:.1f} MiB |")
    for run in report.get("load", {}).get("runs", []):
        rows.append(f"| production profile, {run['residents']} residents at once, whole need reports through the "
                    f"gateway, {run['rasa_servers']} Rasa server{'s' if run['rasa_servers'] > 1 else ''}: p50 / p95 "
                    f"per message, messages/s, reports filed in the catalog | | {run['p50_ms']:.0f} / {run['p95_ms']:.0f} ms, "
                    f"{run['messages_per_second']:.1f} msg/s, {run.get('filed', 0)}/{run['residents']} |")
    m = report["machine"]
    if questions:
        rows += ["", f"Answer time per kind of cadre question ({questions['needs']:,} needs, whole answer as a city cadre):",
                 "", "| question | p50 | p95 |", "|---|---|---|"]
        rows += [f"| {name} | {v['p50_ms']:.0f} ms | {v['p95_ms']:.0f} ms |" for name, v in questions["answers"].items()]
    rows.append("")
    rows.append(f"Measured in one `make bench` run at commit {report['commit']}, {report['when'][:10]}, on {m['cores']} "
                f"cores ({m['cpu']}), {m['memory_gib']} GiB, "
                f"Python {m['python']}; every figure in `bench/results/latest.json`.")
    before, rest = text.split(start_mark, 1)
    _, after = rest.split(end_mark, 1)
    readme.write_text(f"{before}{start_mark}\n" + "\n".join(rows) + f"\n{end_mark}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-cv", action="store_true", help="skip the 5-fold cross-validation")
    parser.add_argument("--skip-training", action="store_true", help="skip timing a full training")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-dialogues", action="store_true", help="skip the simulated-conversation suite")
    parser.add_argument("--skip-cadres", action="store_true", help="skip the cadre-question suite")
    parser.add_argument("--matching-sizes", default=MATCHING_SIZES,
                        help="comma-separated catalog sizes for the matching benchmark; empty to skip")
    parser.add_argument("--skip-wechat", action="store_true", help="skip the WeChat channel benchmark")
    parser.add_argument("--load-levels", default=LOAD_LEVELS,
                        help="concurrent residents for the production-profile load (empty to skip)")
    parser.add_argument("--web-size", type=int, default=WEB_SIZE,
                        help="catalog size for the web gateway benchmark; 0 to skip")
    parser.add_argument("--questions-size", type=int, default=QUESTIONS_SIZE,
                        help="catalog size for the cadre-question benchmark; 0 to skip")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    # One run, one commit: every section of the table from this run; a partial run keeps its own file.
    whole = not (args.skip_cv or args.skip_training or args.skip_latency or args.skip_dialogues or args.skip_cadres
                 or args.skip_wechat or args.folds != 5 or args.matching_sizes != MATCHING_SIZES
                 or args.load_levels != LOAD_LEVELS or args.web_size != WEB_SIZE or args.questions_size != QUESTIONS_SIZE)
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "commit": commit(), "whole": whole}
    if not args.skip_cv:
        report["nlu"] = cross_validate(args.folds)
        print("nlu", report["nlu"], flush=True)
    report["places"] = places_and_heldout()
    report["categories"] = categories_heldout()
    print("categories", report["categories"], flush=True)
    from bench import match_pairs

    report["match_pairs"] = match_pairs.run()
    print("match pairs", report["match_pairs"], flush=True)
    if not args.skip_dialogues:
        report["dialogues"] = dialogues()
        print("dialogues", {k: v for k, v in report["dialogues"].items() if k != "failures"}, flush=True)
        report["call_backs"] = call_backs()
        print("call-backs", {k: {m: v[m] for m in ("conversations", "share")} for k, v in report["call_backs"].items()},
              flush=True)
    if not args.skip_cadres:
        report["cadre_questions"] = cadre_questions()
        print("cadre questions", {k: v for k, v in report["cadre_questions"].items() if k != "failures"}, flush=True)
    print("places", json.dumps({k: {m: v[m] for m in ("intent_macro_f1", "place_entity_f1", "place_value_accuracy")}
                                for k, v in report["places"].items()}, ensure_ascii=False), flush=True)
    if not args.skip_training:
        report["training"] = training_time()
        print("training", report["training"], flush=True)
    if not args.skip_latency:
        report["latency"] = latency()
        print("latency", json.dumps(report["latency"], ensure_ascii=False), flush=True)
    if args.matching_sizes:
        from bench import matching

        sizes = [int(size) for size in args.matching_sizes.split(",")]
        report["matching"] = matching.run(WORK, load_gazetteer(load_settings().places_csv), sizes)
    if args.questions_size:
        from bench import questions

        report["questions"] = questions.run(WORK, load_gazetteer(load_settings().places_csv), args.questions_size)
    if not args.skip_wechat:
        from bench import wechat

        report["wechat"] = wechat.run(WORK, load.places_for_load(load_gazetteer(load_settings().places_csv)))
        print("wechat", report["wechat"], flush=True)
    if args.load_levels:
        levels = tuple(int(n) for n in args.load_levels.split(","))
        report["load"] = load.run(WORK, load.places_for_load(load_gazetteer(load_settings().places_csv)), levels)
    if args.web_size:
        from bench import web

        report["web"] = web.run(WORK, load_gazetteer(load_settings().places_csv), args.web_size)
    stamp = report["when"][:19].replace(":", "")
    paths = [RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"] if whole else [RESULTS / f"partial-{stamp}.json"]
    for path in paths:
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if whole:
        write_readme(report)
    print("results in", ", ".join(str(p.relative_to(ROOT)) for p in paths), "" if whole else "(partial: not in README)")
    missing = unfiled(report)
    for line in missing:
        print("NOT FILED:", line, file=sys.stderr)
    return 1 if missing else 0


def unfiled(report: dict) -> list[str]:
    """Load rows whose dialogues did not all end with their record in the catalog: the run failed."""
    rows = [(f"latency, {r['users']} at once", r.get("filed", 0), r["dialogues"])
            for r in report.get("latency", {}).get("runs", [])]
    if report.get("wechat"):
        rows.append(("wechat", report["wechat"].get("filed", 0), report["wechat"]["users"]))
    rows += [(f"load, {r['residents']} residents, {r['rasa_servers']} Rasa", r.get("filed", 0), r["residents"])
             for r in report.get("load", {}).get("runs", [])]
    return [f"{name}: {filed}/{total} reports in the catalog" for name, filed, total in rows if filed < total]


if __name__ == "__main__":
    sys.exit(main())
