"""The command line a cadre uses: create, export, match, change statuses."""

import json
import os
import subprocess
import sys

from bot.config import PROJECT_ROOT


def run_cli(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def test_a_cadre_works_the_catalogs_from_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run_cli(url, "init-db")[0] == 0
    assert run_cli(url, "export", "needs", "--format", "json")[1] == ""

    from bot.catalog.db import Catalog
    from bot.needs.service import NeedDraft, file_need
    from bot.resources.service import ResourceDraft, file_resource

    catalog = Catalog(url)
    file_need(catalog, NeedDraft("新塘村委会", "村里老人多，希望有人来量血压", "社区服务供给", "盼", "13912345678", "r", "k"))
    file_resource(catalog, ResourceDraft("社区能人", "王建国", "退休医生，可以给老人量血压", "智力", "town", None, "浏河镇",
                                         "周末", "13812345678", "v", "rk"))
    catalog.dispose()

    code, out, _ = run_cli(url, "export", "needs", "--format", "json")
    need = json.loads(out.splitlines()[0])
    assert code == 0 and need["tracking_id"] == "XQ000001" and need["community"] == "新塘村委会"
    assert "13912345678" not in out
    code, out, _ = run_cli(url, "export", "resources", "--format", "csv")
    assert code == 0 and "ZY000001" in out and "王**" in out and "13812345678" not in out
    code, out, _ = run_cli(url, "export", "projects", "--format", "json")
    assert json.loads(out.splitlines()[0])["tier_label"] == "先治理项目"
    code, out, _ = run_cli(url, "match")
    assert code == 0 and "新增匹配 0 条" in out
    code, out, _ = run_cli(url, "match", "--reindex")  # records read again with today's vocabulary: nothing new
    assert code == 0 and "0 条需求、0 条资源的关键词有变化" in out and "新增匹配 0 条" in out
    code, out, _ = run_cli(url, "match-status", "1", "confirmed")
    assert code == 0 and "in_progress" in out
    code, _, err = run_cli(url, "match-status", "1", "closed")
    assert code == 2 and "原因" in err and "Traceback" not in err
    code, out, _ = run_cli(url, "set-status", "XQ000001", "done", "--note", "医生每周六来")
    assert code == 0 and "已解决" in out
    code, _, err = run_cli(url, "set-status", "XQ999999", "done")
    assert code == 2 and "没有编号" in err
    code, out, _ = run_cli(url, "withdraw-resource", "ZY000001")
    assert code == 0 and "已撤回" in out


def test_call_back_requests_reach_the_workers_who_return_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    roster = tmp_path / "roster.yml"
    assert run_cli(url, "init-db")[0] == 0

    from bot.catalog.db import Catalog
    from bot.needs.service import CallbackDraft, request_callback

    catalog = Catalog(url)
    request_callback(catalog, CallbackDraft("r1", "13700001111", "k1", "新塘村委会", "路灯的事想当面说"))
    request_callback(catalog, CallbackDraft("r2", "13700002222", "k2", "南园社区居委会", ""))
    catalog.dispose()

    env = {**os.environ, "DATABASE_URL": url, "ROSTER_FILE": str(roster)}
    subprocess.run([sys.executable, "-m", "bot", "cadre", "add", "周强", "--role", "town", "--town", "浏河镇",
                    "--identity", "rest:lh-zhou"],
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-m", "bot", "export", "callbacks", "--cadre", "C001"], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0 and len(rows) == 1  # 浏河镇's own, with the phone in full to call it
    assert rows[0]["community"] == "新塘村" and rows[0]["phone"] == "13700001111" and rows[0]["contact_by"]
    code, out, _ = run_cli(url, "export", "callbacks", "--format", "csv")  # everyone's, masked
    assert code == 0 and "137****1111" in out and "137****2222" in out and "13700001111" not in out


def test_a_command_before_the_catalog_exists_says_to_run_make_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'var' / 'catalog.db'}"  # a fresh checkout: no var/, no catalog
    for command in (["export", "resources", "--format", "json"], ["export", "needs"], ["match"]):
        code, out, err = run_cli(url, *command)
        assert code == 2 and out == "" and "Traceback" not in err
        assert "请先运行 make db" in err and "run `make db`" in err
    assert not (tmp_path / "var" / "catalog.db").exists()  # nothing was created on the way
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    (tmp_path / "empty.db").write_bytes(b"")  # a file without the catalog's tables
    assert run_cli(empty, "export", "needs")[0] == 2


def test_a_formula_in_a_residents_description_stays_text_in_the_csv_export(tmp_path):
    import csv
    import io

    from bot.catalog.db import Catalog
    from bot.catalog.export import write_rows
    from bot.needs.service import NeedDraft, file_need

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run_cli(url, "init-db")[0] == 0
    catalog = Catalog(url)
    formula = '=HYPERLINK("http://x","点我")'
    file_need(catalog, NeedDraft("新塘村委会", formula, "社区服务供给", "盼", "13912345678", "r1", "k1"))
    file_need(catalog, NeedDraft("新塘村委会", "村里老人多，希望有人来量血压", "社区服务供给", "盼", "13912345678", "r2", "k2"))
    catalog.dispose()

    code, out, _ = run_cli(url, "export", "needs", "--format", "csv")
    descriptions = [row["description"] for row in csv.DictReader(io.StringIO(out))]
    assert code == 0 and descriptions == ["'" + formula, "村里老人多，希望有人来量血压"]  # Excel shows it as text
    out = io.StringIO()
    write_rows([{"supporters": -2, "note": "-3", "place": "@所有人", "tab": "\t=1+1"}], "csv", out,
               ["supporters", "note", "place", "tab"])
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == ["-2", "-3", "'@所有人", "'\t=1+1"]
