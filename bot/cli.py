"""Command line: build the NLP resources, create the catalog, export and update needs."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager

from bot.config import PROJECT_ROOT, Settings, load_settings


def _gazetteer(settings: Settings):
    from bot.places.loader import load_gazetteer

    return load_gazetteer(settings.places_csv)


def cmd_build_nlp(settings: Settings, _args) -> int:
    from bot.places.resources import build_all

    outputs = build_all(_gazetteer(settings), settings.build_dir, PROJECT_ROOT / "data" / "nlu" / "generated")
    for name, path in outputs.items():
        print(f"{name}: {path}")
    return 0


def cmd_init_db(settings: Settings, _args) -> int:
    from bot.catalog.seed import seed_places

    with _catalog(settings) as catalog:
        catalog.create_schema()
        added = seed_places(catalog, _gazetteer(settings))
    print(f"catalog ready: {added} places added")
    return 0


def cmd_export(settings: Settings, args) -> int:
    from bot.needs.service import export_needs
    from bot.projects.service import export_projects
    from bot.resources.service import export_resources

    export = {"needs": export_needs, "resources": export_resources, "projects": export_projects}[args.catalog]
    with _catalog(settings) as catalog:
        export(catalog, args.format, sys.stdout)
    return 0


def cmd_match(settings: Settings, _args) -> int:
    from bot.matching.service import match_everything

    with _catalog(settings) as catalog:
        report = match_everything(catalog)
    print(f"开放需求 {report.open_needs} 条，可用资源 {report.active_resources} 条，新增匹配 {report.new_matches} 条；"
          f"先治理项目 {report.priority} 个，待治理项目 {report.pending} 个")
    return 0


def cmd_withdraw(settings: Settings, args) -> int:
    from bot.resources.service import withdraw_resource

    with _catalog(settings) as catalog:
        closed = withdraw_resource(catalog, args.tracking_id, args.reason)
    print(f"{args.tracking_id.upper()} 已撤回，关闭了 {closed} 个匹配")
    return 0


def cmd_match_status(settings: Settings, args) -> int:
    from bot.projects.service import set_match_status

    with _catalog(settings) as catalog:
        result = set_match_status(catalog, args.match_id, args.status, args.reason, args.author)
    print(f"匹配 {result['match']}：{result['status']}；需求 {result['need']}：{result['need_status']}")
    return 0


@contextmanager
def _catalog(settings: Settings):
    from bot.catalog.db import Catalog

    catalog = Catalog(settings.database_url)
    try:
        yield catalog
    finally:
        catalog.dispose()


def cmd_set_status(settings: Settings, args) -> int:
    from bot.needs.service import update_status

    with _catalog(settings) as catalog:
        need = update_status(catalog, args.tracking_id, args.status, args.note, args.author)
    print(f"{need.tracking_id}: {need.status_label}")
    return 0


def cmd_serve(settings: Settings, args) -> int:
    from pathlib import Path

    from bot.servers import serve

    return serve(Path(args.model), args.rasa_port, args.action_port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="太仓城乡社区分类共建助手")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build-nlp", help="build the jieba dictionary, spaCy pipeline and synonyms").set_defaults(
        run=cmd_build_nlp
    )
    commands.add_parser("init-db", help="create the catalog and add the 160 communities").set_defaults(run=cmd_init_db)
    export = commands.add_parser("export", help="print a catalog")
    export.add_argument("catalog", choices=["needs", "resources", "projects"])
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.set_defaults(run=cmd_export)
    status = commands.add_parser("set-status", help="change a need's status (for cadres)")
    status.add_argument("tracking_id")
    status.add_argument("status", choices=["received", "in_progress", "done", "closed", "reopened"])
    status.add_argument("--note", default="")
    status.add_argument("--author", default="cadre")
    status.set_defaults(run=cmd_set_status)
    commands.add_parser("match", help="re-run matching on the whole catalog").set_defaults(run=cmd_match)
    withdraw = commands.add_parser("withdraw-resource", help="take a resource off the list")
    withdraw.add_argument("tracking_id")
    withdraw.add_argument("--reason", default="资源已撤回")
    withdraw.set_defaults(run=cmd_withdraw)
    match_status = commands.add_parser("match-status", help="confirm, start, finish or close a match (cadres)")
    match_status.add_argument("match_id", type=int)
    match_status.add_argument("status", choices=["confirmed", "in_progress", "done", "closed"])
    match_status.add_argument("--reason", default="")
    match_status.add_argument("--author", default="cadre")
    match_status.set_defaults(run=cmd_match_status)
    serve = commands.add_parser("serve", help="run the Rasa server and the action server until Ctrl-C")
    serve.add_argument("--model", default=str(PROJECT_ROOT / "models" / "taicang.tar.gz"))
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--action-port", type=int, default=5055)
    serve.set_defaults(run=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(load_settings(), args)
    except ValueError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
