"""Command line: build the NLP resources, create the catalog, export and update needs."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from bot.clock import china_today
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.vocab import status as need_status
from bot.vocab.match_status import CADRE_STEPS


def _gazetteer(settings: Settings):
    from bot.places.loader import load_gazetteer

    return load_gazetteer(settings.places_csv)


def cmd_build_nlp(settings: Settings, _args) -> int:
    from bot.lexicon.resources import build_all
    from bot.vocab.classifier import KIND, URGENCY, train, write_report_examples

    generated = PROJECT_ROOT / "data" / "nlu" / "generated"
    outputs = build_all(_gazetteer(settings), settings.build_dir, generated)
    outputs["categories"] = train(settings.build_dir)
    outputs["urgency"] = train(settings.build_dir, task=URGENCY)
    outputs["offer or report"] = train(settings.build_dir, task=KIND)
    outputs["report examples"] = write_report_examples(generated / "need_descriptions.yml")
    for name, path in outputs.items():
        print(f"{name}: {path}")
    return 0


def cmd_annotate_nlu(settings: Settings, args) -> int:
    from bot.lexicon.annotate import annotate_file, load_tagger

    nlp = load_tagger(settings.build_dir)
    for path in args.files:
        print(f"{path}: {annotate_file(nlp, Path(path))} lines marked")
    return 0


def cmd_init_db(settings: Settings, _args) -> int:
    from bot.catalog.migrate import upgrade
    from bot.catalog.seed import seed_places

    with _catalog(settings, creating=True) as catalog:
        revision = upgrade(catalog)
        added = seed_places(catalog, _gazetteer(settings))
    print(f"catalog ready at schema {revision}: {added} places added")
    return 0


def cmd_export(settings: Settings, args) -> int:
    from bot.needs.service import export_needs
    from bot.projects.service import export_projects
    from bot.resources.service import export_resources

    if args.catalog == "callbacks":
        return _export_callbacks(settings, args)
    export = {"needs": export_needs, "resources": export_resources, "projects": export_projects}[args.catalog]
    if args.cadre:
        return _export_for_cadre(settings, args)
    with _catalog(settings) as catalog:
        export(catalog, args.format, sys.stdout)
    return 0


def _export_for_cadre(settings: Settings, args) -> int:
    from bot.cadres.roster import load_roster
    from bot.needs.service import export_needs_in_scope

    if args.catalog != "needs":
        raise ValueError("按干部范围导出（含完整电话）目前只支持需求目录：export needs --cadre 编号")
    cadre = next((c for c in load_roster(settings.roster_file).cadres if c.id == args.cadre), None)
    if cadre is None:
        raise ValueError(f"名册里没有 {args.cadre}")
    with _catalog(settings) as catalog:
        count = export_needs_in_scope(catalog, cadre.covers, args.format, sys.stdout)
    print(f"{cadre.scope_label}：导出 {count} 条（含完整电话，请妥善保管）", file=sys.stderr)
    return 0


def _export_callbacks(settings: Settings, args) -> int:
    """Call-back requests to return: a cadre's own scope with phones in full, or all of them masked."""
    from bot.cadres.roster import load_roster
    from bot.needs.service import export_callbacks

    cadre = None
    if args.cadre:
        cadre = next((c for c in load_roster(settings.roster_file).cadres if c.id == args.cadre), None)
        if cadre is None:
            raise ValueError(f"名册里没有 {args.cadre}")
    with _catalog(settings) as catalog:
        count = export_callbacks(catalog, cadre.covers if cadre else (lambda _town, _community: True),
                                 cadre is not None, args.format, sys.stdout)
    print(f"{cadre.scope_label if cadre else '全市'}：回电请求 {count} 条"
          + ("（含完整电话，请妥善保管）" if cadre else "（电话已打码；加 --cadre 编号 看本范围的完整电话）"),
          file=sys.stderr)
    return 0


def cmd_match(settings: Settings, args) -> int:
    from bot.matching.service import match_everything, reindex

    with _catalog(settings) as catalog:
        if args.reindex:
            needs, resources = reindex(catalog)
            print(f"重新读取了每条需求和资源：{needs} 条需求、{resources} 条资源的关键词有变化")
        report = match_everything(catalog)
    print(f"开放需求 {report.open_needs} 条，可用资源 {report.active_resources} 条，新增匹配 {report.new_matches} 条；"
          f"先治理项目 {report.priority} 个，待治理项目 {report.pending} 个")
    return 0


def cmd_withdraw(settings: Settings, args) -> int:
    from bot.resources.service import withdraw_resource

    with _catalog(settings) as catalog:
        withdrawn = withdraw_resource(catalog, args.tracking_id, args.reason)
    print(f"{args.tracking_id.upper()} 已撤回，关闭了 {withdrawn.closed} 个匹配（其中有依据或已确认的 {withdrawn.counted} 个）")
    return 0


def cmd_match_status(settings: Settings, args) -> int:
    from bot.projects.service import set_match_status

    with _catalog(settings) as catalog:
        result = set_match_status(catalog, args.match_id, args.status, args.reason, args.author)
    print(f"匹配 {result['match']}：{result['status']}；需求 {result['need']}：{result['need_status']}")
    return 0


NO_CATALOG = ("目录还没有建立，请先运行 make db（或 make run）。"
              " / The catalog does not exist yet: run `make db` (or `make run`) first.")


class CatalogMissing(Exception):
    """A command that needs the catalog ran before `make db` created it."""


@contextmanager
def _catalog(settings: Settings, creating: bool = False):
    """The catalog; unless creating it (init-db), a clear CatalogMissing before `make db` made it."""
    from bot.catalog.db import Catalog

    url = settings.database_url
    if not creating and url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise CatalogMissing  # opening it would create an empty file, then fail on the first query
    catalog = Catalog(url)
    try:
        if not creating:
            _check_made(catalog)
        yield catalog
    finally:
        catalog.dispose()


def _check_made(catalog) -> None:
    from sqlalchemy import inspect

    try:
        made = inspect(catalog.engine).has_table("needs")
    except Exception as error:  # the database itself cannot be reached or opened
        raise CatalogMissing from error
    if not made:
        raise CatalogMissing


def cmd_set_status(settings: Settings, args) -> int:
    from bot.needs.service import update_status

    with _catalog(settings) as catalog:
        need = update_status(catalog, args.tracking_id, args.status, args.note, args.author)
    print(f"{need.tracking_id}: {need.status_label}")
    return 0


def cmd_supervise(settings: Settings, args) -> int:
    """督办 from the command line, as a town or city cadre of the roster whose scope holds the need."""
    from bot.cadres.roster import load_roster
    from bot.needs.service import find_need, supervise_need

    cadre = _known_cadre(load_roster(settings.roster_file), args.cadre)
    if cadre.role not in ("town", "city"):
        raise ValueError("督办由镇级、市级干部发起")
    with _catalog(settings) as catalog:
        need = find_need(catalog, args.tracking_id)
        if need is None or not cadre.covers(need.town, need.community):
            raise ValueError(f"{cadre.scope_label}没有编号为 {args.tracking_id} 的需求")
        need = supervise_need(catalog, args.tracking_id, args.note, f"{cadre.name}（{cadre.id}）")
    print(f"{need.tracking_id}：已督办（{need.status_label}）")
    return 0


def cmd_visit(settings: Settings, args) -> int:
    """A call-back (回访) made by phone, recorded by a cadre of the roster whose scope holds the need."""
    from bot.cadres.roster import load_roster
    from bot.needs.service import find_need
    from bot.needs.visits import VisitAnswer, record_visit

    cadre = _known_cadre(load_roster(settings.roster_file), args.cadre)
    answer = VisitAnswer(_yes_no(args.contacted), _yes_no(args.solved), args.satisfaction, args.words)
    with _catalog(settings) as catalog:
        need = find_need(catalog, args.tracking_id)
        if need is None or not cadre.covers(need.town, need.community):
            raise ValueError(f"{cadre.scope_label}没有编号为 {args.tracking_id} 的需求")
        result = record_visit(catalog, args.tracking_id, answer, args.respondent, "phone", f"{cadre.name}（{cadre.id}）")
    print(f"{result.tracking_id}：回访已记下" + ("，居民说没解决，已重新办理" if result.reopened else f"（{result.status_label}）"))
    return 0


def _yes_no(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


def cmd_registry_import(settings: Settings, args) -> int:
    from pathlib import Path

    from bot.registry.importer import import_registry

    with _catalog(settings) as catalog:
        report = import_registry(catalog, _gazetteer(settings), Path(args.file), author=args.author,
                                 today=china_today(), dry_run=args.dry_run)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.problems else 0


def cmd_registry_show(settings: Settings, args) -> int:
    import csv

    from bot.registry.importer import parse_date
    from bot.registry.service import registry_states

    as_of = parse_date(args.as_of) if args.as_of else china_today()
    town = _gazetteer(settings).town(args.town).name if args.town else None
    with _catalog(settings) as catalog, catalog.unit_of_work() as session:
        states = [s for s in registry_states(session, as_of) if town in (None, s.town)]
    writer = csv.writer(sys.stdout)
    writer.writerow(["镇", "村（社区）", "类型", "分类日期", "是否试点", "试点日期"])
    for s in states:
        writer.writerow([s.town, s.label[len(s.town):], s.community_type or "", s.classified_on or "",
                         "是" if s.is_pilot else "否", s.pilot_since or ""])
    return 0


def cmd_registry_history(settings: Settings, args) -> int:
    from bot.registry.service import registry_history

    resolution = _gazetteer(settings).resolve(args.community, answering=True)
    if resolution.status != "found":
        raise ValueError(f"找不到唯一的村（社区）“{args.community}”，请写全名，如 城厢镇南园社区")
    with _catalog(settings) as catalog:
        entries = registry_history(catalog, resolution.community.name)
    print(f"{resolution.community.label}：共 {len(entries)} 条记录")
    for e in entries:
        mark = "（已被更正）" if e.superseded else ""
        print(f"{e.recorded_at} {e.author} [{e.source}] 自{e.effective_on}起：{e.community_type}，"
              f"{'试点' if e.is_pilot else '非试点'}{mark}")
    return 0


def cmd_cadre(settings: Settings, args) -> int:
    from bot.cadres.roster import Cadre, check_identity, load_roster, save_roster

    roster = load_roster(settings.roster_file)
    if args.action == "list":
        for c in roster.cadres:
            print(f"{c.id}\t{c.name}\t{c.role}\t{c.scope_label}\t{', '.join(c.identities)}")
        return 0
    if args.action == "passwd":
        return _set_password(settings, roster, args.key)
    if args.action == "token":
        return _revoke_token(settings, roster, args.key) if args.revoke else _new_token(settings, roster, args)
    if args.action == "remove":
        kept = [c for c in roster.cadres if c.id != args.key and args.key not in c.identities]
        if len(kept) == len(roster.cadres):
            raise ValueError(f"名册里没有 {args.key}")
        roster.cadres = kept
        save_roster(settings.roster_file, roster)
        print(f"已从名册删除 {args.key}")
        return 0
    town, community = _scope(settings, args)
    identities = tuple(check_identity(i) for i in args.identity)
    taken = [i for i in identities if roster.find(*i.split(":", 1))]
    if taken:
        raise ValueError(f"身份标识已被名册中的其他人使用：{', '.join(taken)}")
    cadre = Cadre(roster.next_id(), args.name, args.role, town, community, identities)
    roster.cadres.append(cadre)
    save_roster(settings.roster_file, roster)
    print(f"已加入名册：{cadre.id} {cadre.name}（{cadre.scope_label}）")
    return 0


def _set_password(settings: Settings, roster, cadre_id: str) -> int:
    import getpass

    from argon2 import PasswordHasher

    cadre = _known_cadre(roster, cadre_id)
    password = getpass.getpass("新密码（至少10位）：") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise ValueError("密码至少10位")
    _replace_cadre(settings, roster, cadre, password_hash=PasswordHasher().hash(password))
    ended = _end_sessions(settings, cadre.id)
    print(f"{cadre.id} {cadre.name} 的网页登录密码已设置" + (f"，已退出 {ended} 个旧登录" if ended else ""))
    return 0


def _end_sessions(settings: Settings, cadre_id: str) -> int:
    """A new password ends every session opened with the old one (a lost phone, a shared computer)."""
    from bot.cadres.sessions import close_sessions_of

    try:
        with _catalog(settings) as catalog:
            return close_sessions_of(catalog, cadre_id)
    except CatalogMissing:
        return 0  # no catalog yet, so no session either


def _new_token(settings: Settings, roster, args) -> int:
    from datetime import timedelta

    from bot.cadres.roster import new_api_token
    from bot.clock import china_today

    if not 1 <= args.days <= 366:
        raise ValueError("令牌有效天数应在 1 到 366 之间")
    cadre = _known_cadre(roster, args.key)
    token, digest = new_api_token()
    last_day = (china_today() + timedelta(days=args.days)).isoformat()
    _replace_cadre(settings, roster, cadre, token_hash=digest, token_expires=last_day)
    print(f"{cadre.id} {cadre.name} 的 API 令牌（只显示这一次，旧令牌已作废；{last_day} 后失效）：", file=sys.stderr)
    print(token)
    return 0


def _revoke_token(settings: Settings, roster, cadre_id: str) -> int:
    cadre = _known_cadre(roster, cadre_id)
    _replace_cadre(settings, roster, cadre, token_hash=None, token_expires=None)
    print(f"{cadre.id} {cadre.name} 的 API 令牌已作废" if cadre.token_hash else f"{cadre.id} {cadre.name} 没有 API 令牌")
    return 0


def _known_cadre(roster, cadre_id: str):
    cadre = roster.by_id(cadre_id)
    if cadre is None:
        raise ValueError(f"名册里没有 {cadre_id}")
    return cadre


def _replace_cadre(settings: Settings, roster, cadre, **changes) -> None:
    import dataclasses

    from bot.cadres.roster import save_roster

    roster.cadres = [dataclasses.replace(c, **changes) if c.id == cadre.id else c for c in roster.cadres]
    save_roster(settings.roster_file, roster)


def _scope(settings: Settings, args) -> tuple[str | None, str | None]:
    gazetteer = _gazetteer(settings)
    if args.role == "city":
        return None, None
    if args.role == "town":
        town = gazetteer.town(args.town or "")
        if town is None:
            raise ValueError("镇级干部需要 --town，且必须是太仓的镇（区、街道）")
        return town.name, None
    resolution = gazetteer.resolve(args.community or "", town=args.town, answering=True)
    if resolution.status != "found":
        raise ValueError("村（社区）级干部需要 --community，且能唯一确定（重名时加 --town）")
    return resolution.community.town, resolution.community.name


def cmd_outbox(settings: Settings, args) -> int:
    """What the action server's outbox holds, for the operator on its host: list, file now, or drop one."""
    from bot.outbox import Outbox

    if args.action == "list" and not Path(settings.outbox_path).exists():
        print("发件箱是空的：没有等待记入目录的内容。")
        return 0
    outbox = Outbox(settings.outbox_path)
    if args.action == "list":
        return _list_outbox(outbox)
    if args.action == "retry":
        return _retry_outbox(settings, outbox)
    return _drop_from_outbox(outbox, args.number, args.yes)


def _list_outbox(outbox) -> int:
    import time

    from bot.outbox import KINDS

    entries = outbox.entries()
    if not entries:
        print("发件箱是空的：没有等待记入目录的内容。")
        return 0
    now = time.time()
    print("编号\t类别\t已等\t尝试次数\t状态\t最后的错误")
    for entry in entries:
        waited = _duration(entry.waited(now))
        state = (f"目录拒收，{_duration(entry.next_try - now)}后再试" if entry.refusals and entry.next_try > now else
                 "目录拒收，下一轮再试" if entry.refusals else "等目录恢复")
        print(f"{entry.name}\t{KINDS[entry.kind].label}\t{waited}\t{entry.attempts}\t{state}\t{entry.last_error or '-'}")
    print(f"共 {len(entries)} 条。立即重试：python -m bot outbox retry；删除一条：python -m bot outbox drop 编号 --yes")
    return 0


def _duration(seconds: float) -> str:
    seconds = max(seconds, 0)
    if seconds < 60:
        return f"{int(seconds)}秒"
    if seconds < 3600:
        return f"{int(seconds // 60)}分钟"
    if seconds < 86400:
        return f"{int(seconds // 3600)}小时"
    return f"{int(seconds // 86400)}天"


def _retry_outbox(settings: Settings, outbox) -> int:
    from bot.catalog.db import Catalog

    if not outbox.pending_count():
        print("发件箱是空的：没有要重试的。")
        return 0
    catalog = Catalog(settings.database_url)  # not _catalog(): an unreachable catalog is an answer here
    try:
        filed = outbox.retry_now(catalog)
    finally:
        catalog.dispose()
    left = outbox.pending_count()
    print(f"已记入目录 {filed} 条，仍在等待 {left} 条" + ("（原因见 python -m bot outbox list）" if left else "。"))
    return 0


def _drop_from_outbox(outbox, number: str, confirmed: bool) -> int:
    from bot.outbox import KINDS

    found = outbox.find(number)
    if not found:
        raise ValueError(f"发件箱里没有 {number}（python -m bot outbox list 列出全部）")
    if len(found) > 1:
        raise ValueError(f"{number} 对得上 {len(found)} 条，请用 python -m bot outbox list 里的编号")
    entry = found[0]
    what = f"{entry.name}（{KINDS[entry.kind].label}，尝试 {entry.attempts} 次）"
    if not confirmed:
        print(f"将删除 {what}，删除后它不会再记入目录。确认请加 --yes：python -m bot outbox drop {entry.name} --yes",
              file=sys.stderr)
        return 2
    if not outbox.drop(entry):
        raise ValueError(f"{entry.name} 刚刚已经记入目录或被删除，发件箱里没有了")
    print(f"已删除 {what}：它不会记入目录。")
    return 0


def cmd_case(settings: Settings, args) -> int:
    """试点特色案例: mark a resolved need (add), or list the cases of the city or a town (list)."""
    from bot.figures import Area, community_ids
    from bot.projects.cases import add_case, list_cases

    if args.action == "add":
        author = args.author
        if args.cadre:  # on behalf of a cadre of the roster: only a need of their scope
            from bot.cadres.roster import load_roster
            from bot.needs.service import find_need

            cadre = _known_cadre(load_roster(settings.roster_file), args.cadre)
            with _catalog(settings) as catalog:
                need = find_need(catalog, args.tracking_id)
            if need is None or not cadre.covers(need.town, need.community):
                raise ValueError(f"{cadre.scope_label}没有编号为 {args.tracking_id} 的需求")
            author = f"{cadre.name}（{cadre.id}）"
        with _catalog(settings) as catalog:
            case = add_case(catalog, args.tracking_id, args.title, args.account, author)
        print(f"{case.tracking_id} 已记为试点特色案例：{case.title}（{case.town}{case.community}）")
        return 0
    town = _known_town(settings, args.town)
    with _catalog(settings) as catalog:
        cases = list_cases(catalog, community_ids(catalog, Area(town)))
    print(f"{town or '全市'}试点特色案例 {len(cases)} 个")
    for c in cases:
        print(f"{c.tracking_id} {c.title}｜{c.town}{c.community}（{c.community_type or '未分类'}）｜{c.category}｜"
              f"{c.created_on} {c.author}\n    {c.account}")
    return 0


def _known_town(settings: Settings, name: str | None) -> str | None:
    """The town's official name, None for the city; a ValueError (exit 2) for a town Taicang does not have."""
    if not name:
        return None
    town = _gazetteer(settings).town(name.strip())
    if town is None:
        raise ValueError(f"太仓没有叫“{name}”的镇（区）")
    return town.name


def cmd_report(settings: Settings, args) -> int:
    """The mid-term evaluation report (中期评估) of a town or the city as of a date, as PDF or Excel."""
    from datetime import date

    from bot.registry.progress import load_lead_types
    from bot.reports.midterm import collect, default_filename

    town = _known_town(settings, args.town)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else china_today()
    except ValueError:
        raise ValueError(f"--as-of 要写成 2023-06-30 这样的日期，不是“{args.as_of}”") from None
    if args.format == "pdf":
        from bot.reports.pdf import find_font, render_pdf

        find_font()  # no font: say so before counting anything
    else:
        from bot.reports.xlsx import render_xlsx
    with _catalog(settings) as catalog:
        report = collect(catalog, load_lead_types(settings.lead_types_file), as_of, town)
    body = render_pdf(report) if args.format == "pdf" else render_xlsx(report)
    output = Path(args.output) if args.output else Path.cwd() / default_filename(report, args.format)
    output.write_bytes(body)
    print(f"{report.area}中期评估（截至{as_of.isoformat()}）已写入 {output}")
    return 0


def cmd_web(settings: Settings, args) -> int:
    import logging
    import secrets

    from aiohttp import web

    from bot.logs import configure
    from bot.web.app import create_app

    configure(os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "INFO"))
    secret = settings.secret_key
    if not secret:
        logging.getLogger(__name__).warning("SECRET_KEY is not set: residents' cookies last until this process stops")
        secret = secrets.token_hex(32)
    web.run_app(create_app(settings, args.rasa_urls or ["http://127.0.0.1:5005"], secret), host=args.host, port=args.port,
                access_log=None)  # the access log would record every query string, tokens included
    return 0


def cmd_serve(settings: Settings, args) -> int:
    from pathlib import Path

    from bot.servers import serve

    return serve(Path(args.model), args.rasa_port, args.action_port, args.web_port)


def cmd_prod(_settings: Settings, _args) -> int:
    from bot.prod import run_production

    return run_production()


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "命令行"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="太仓城乡社区分类共建助手")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build-nlp", help="build the jieba dictionary, spaCy pipeline, synonyms and the category model").set_defaults(
        run=cmd_build_nlp
    )
    annotate = commands.add_parser("annotate-nlu", help="mark the tagger's spans in plain training examples (after build-nlp)")
    annotate.add_argument("files", nargs="+")
    annotate.set_defaults(run=cmd_annotate_nlu)
    commands.add_parser("init-db", help="create or migrate the catalog (Alembic) and add the 160 communities").set_defaults(
        run=cmd_init_db)
    export = commands.add_parser("export", help="print a catalog")
    export.add_argument("catalog", choices=["needs", "resources", "projects", "callbacks"])
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("--cadre", help="a roster id: only that cadre's scope, with phone numbers in full")
    export.set_defaults(run=cmd_export)
    status = commands.add_parser("set-status", help="change a need's status (for cadres)")
    status.add_argument("tracking_id")
    status.add_argument("status", choices=need_status.ALL_STATUSES)
    status.add_argument("--note", default="")
    status.add_argument("--author", default="cadre")
    status.set_defaults(run=cmd_set_status)
    supervise = commands.add_parser("supervise", help="督办: press for an open need (town and city cadres)")
    supervise.add_argument("tracking_id")
    supervise.add_argument("--cadre", required=True, help="the roster id of the town or city cadre")
    supervise.add_argument("--note", default="")
    supervise.set_defaults(run=cmd_supervise)
    visit = commands.add_parser("visit", help="record a call-back (回访) made by phone on a finished need")
    visit.add_argument("tracking_id")
    visit.add_argument("--cadre", required=True, help="the roster id of the cadre who called")
    visit.add_argument("--contacted", choices=["yes", "no"], help="was the resident contacted while it was handled")
    visit.add_argument("--solved", choices=["yes", "no"], help="is it solved (no: the need is reopened)")
    visit.add_argument("--satisfaction", choices=["满意", "基本满意", "不满意"])
    visit.add_argument("--words", default="", help="what the resident said")
    visit.add_argument("--respondent", choices=["reporter", "supporter"], default="reporter")
    visit.set_defaults(run=cmd_visit)
    match = commands.add_parser("match", help="re-run matching on the whole catalog")
    match.add_argument("--reindex", action="store_true",
                       help="first read every need's and resource's words again (after bot/data/capabilities.yml changed)")
    match.set_defaults(run=cmd_match)
    withdraw = commands.add_parser("withdraw-resource", help="take a resource off the list")
    withdraw.add_argument("tracking_id")
    withdraw.add_argument("--reason", default="资源已撤回")
    withdraw.set_defaults(run=cmd_withdraw)
    match_status = commands.add_parser("match-status", help="confirm, start, finish or close a match (cadres)")
    match_status.add_argument("match_id", type=int)
    match_status.add_argument("status", choices=CADRE_STEPS)
    match_status.add_argument("--reason", default="")
    match_status.add_argument("--author", default="cadre")
    match_status.set_defaults(run=cmd_match_status)
    registry = commands.add_parser("registry", help="the pilot registry: import a sheet, show, history")
    registry_commands = registry.add_subparsers(dest="registry_command", required=True)
    importing = registry_commands.add_parser("import", help="import a CSV (UTF-8 or GBK) or .xlsx sheet")
    importing.add_argument("file")
    importing.add_argument("--author", default=_user(), help="who is importing (kept in the history)")
    importing.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    importing.set_defaults(run=cmd_registry_import)
    show = registry_commands.add_parser("show", help="print the registry as CSV (also a template to import)")
    show.add_argument("--town")
    show.add_argument("--as-of", help="the date to show, e.g. 2022-12-31")
    show.set_defaults(run=cmd_registry_show)
    history = registry_commands.add_parser("history", help="every change recorded for one community")
    history.add_argument("community")
    history.set_defaults(run=cmd_registry_history)
    cadre = commands.add_parser("cadre", help="the cadre roster: add, remove, list")
    cadre_commands = cadre.add_subparsers(dest="action", required=True)
    add = cadre_commands.add_parser("add")
    add.add_argument("name")
    add.add_argument("--role", choices=["city", "town", "community"], required=True)
    add.add_argument("--town")
    add.add_argument("--community")
    add.add_argument("--identity", action="append", default=[], required=True,
                     help="channel:sender_id, e.g. rest:wang-cx or wechat:<openid>; repeatable")
    add.set_defaults(run=cmd_cadre)
    remove = cadre_commands.add_parser("remove")
    remove.add_argument("key", help="the cadre's id (C001) or one of their identities")
    remove.set_defaults(run=cmd_cadre)
    cadre_commands.add_parser("list").set_defaults(run=cmd_cadre)
    passwd = cadre_commands.add_parser("passwd", help="set the web login password (read from the terminal or stdin)")
    passwd.add_argument("key", help="the cadre's id, e.g. C001")
    passwd.set_defaults(run=cmd_cadre)
    token = cadre_commands.add_parser("token", help="make a new API token (Authorization: Bearer …); the old one stops working")
    token.add_argument("key", help="the cadre's id, e.g. C001")
    token.add_argument("--days", type=int, default=180, help="days the token works (default 180, at most 366)")
    token.add_argument("--revoke", action="store_true", help="end the cadre's token without making a new one")
    token.set_defaults(run=cmd_cadre)
    case = commands.add_parser("case", help="试点特色案例: mark a resolved need as a pilot case, list the cases")
    case_commands = case.add_subparsers(dest="action", required=True)
    case_add = case_commands.add_parser("add", help="mark a resolved (已解决) need as a case")
    case_add.add_argument("tracking_id")
    case_add.add_argument("--title", required=True, help="2 to 40 characters")
    case_add.add_argument("--account", required=True, help="a short account, at most 1000 characters")
    case_add.add_argument("--cadre", help="the roster id of the cadre marking it (only a need of their scope)")
    case_add.add_argument("--author", default=_user(), help="who marks it, without --cadre")
    case_add.set_defaults(run=cmd_case)
    case_list = case_commands.add_parser("list", help="the cases of the city, or of one town")
    case_list.add_argument("--town")
    case_list.set_defaults(run=cmd_case)
    report = commands.add_parser("report", help="the mid-term evaluation report (中期评估) of a town or the city")
    report.add_argument("--town", help="a town; the whole city without it")
    report.add_argument("--as-of", help="the China date the figures stand at, e.g. 2023-06-30 (default today)")
    report.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    report.add_argument("--output", help="the file to write (default 中期评估_<范围>_<日期>.<format> here)")
    report.set_defaults(run=cmd_report)
    web_command = commands.add_parser("web", help="run the web gateway (chat page, Open311) in front of Rasa")
    web_command.add_argument("--host", default=os.environ.get("WEB_HOST", "0.0.0.0"),
                             help="the gateway is the only public entry (WEB_HOST, default all addresses)")
    web_command.add_argument("--port", type=int, default=8080)
    web_command.add_argument("--rasa-url", action="append", dest="rasa_urls",
                             help="a Rasa server (repeat for several; default http://127.0.0.1:5005)")
    web_command.set_defaults(run=cmd_web)
    serve = commands.add_parser("serve", help="run the Rasa server and the action server until Ctrl-C")
    serve.add_argument("--model", default=str(PROJECT_ROOT / "models" / "taicang.tar.gz"))
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--action-port", type=int, default=5055)
    serve.add_argument("--web-port", type=int, default=8080)
    serve.set_defaults(run=cmd_serve)
    outbox = commands.add_parser("outbox", help="what the action server kept while the catalog was down or refused: "
                                 "list, retry now, drop one")
    outbox_commands = outbox.add_subparsers(dest="action", required=True)
    outbox_commands.add_parser("list", help="number, kind, age, attempts and last error of each kept entry")
    outbox_commands.add_parser("retry", help="file every kept entry now, refused ones too")
    drop = outbox_commands.add_parser("drop", help="remove one entry for good (asks for --yes)")
    drop.add_argument("number", help="its number (XQ…, ZY…) or #reference, as outbox list shows it")
    drop.add_argument("--yes", action="store_true", help="confirm the removal")
    outbox.set_defaults(run=cmd_outbox)
    commands.add_parser("prod", help="production profile: PostgreSQL, Redis, N Rasa servers, supervised, until Ctrl-C "
                        "(settings from the environment)").set_defaults(run=cmd_prod)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(load_settings(), args)
    except CatalogMissing:
        print(NO_CATALOG, file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
