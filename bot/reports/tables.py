"""The report's sections as titled tables, the one shape both the PDF and the workbook are written from."""

from __future__ import annotations

from dataclasses import dataclass

from bot.needs.deadlines import LIGHT_WORDS, STAGE_WORDS
from bot.reports.midterm import MidtermReport, share_text


@dataclass(frozen=True)
class Section:
    title: str  # also the sheet's name: at most 31 characters, none of []:*?/\
    note: str  # what the figures are and when they were counted
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]


def sections(report: MidtermReport) -> list[Section]:
    return [_summary(report), _targets(report), _lead_types(report), _types(report), _catalogs(report),
            _dimensions(report), _rates(report), _late(report), _cases(report)]


def _summary(r: MidtermReport) -> Section:
    rows = [("范围", r.area), ("截至日期", r.as_of.isoformat()), ("生成时间", f"{r.generated_at:%Y-%m-%d %H:%M}"),
            (f"{r.registry_place}村（社区）数", r.communities), ("已分类", r.classified), ("试点", r.pilots),
            ("试点覆盖率", r.coverage_text), ("截至当日的需求", r.needs_filed),
            ("试点特色案例", len(r.cases))]
    if r.community:
        rows.insert(1, ("说明", f"覆盖率、类型、牵头类型是{r.registry_place}的数字；需求、办理率、超期和案例是{r.area}的"))
    return Section("概况", "", ("项目", "内容"), tuple(rows))


def _targets(r: MidtermReport) -> Section:
    rows = []
    for v in r.targets:
        then = "未到期" if not v.passed else f"{v.pilots_then}个，" + ("达标" if v.pilots_then >= v.needed else
                                                                     f"未达标，差{v.needed - v.pilots_then}个")
        now = "达标" if not v.short_now else f"差{v.short_now}个"
        rows.append((v.target.label, v.target.deadline.isoformat(), v.needed, then, v.pilots_now, now))
    rows += [(f"{t.town}（{r.as_of.isoformat()}）", "", "", "", t.pilots, f"{t.coverage_text}（共{t.communities}个）")
             for t in r.towns]
    return Section("覆盖率目标", f"{r.registry_place}共 {r.communities} 个村（社区）；“到期时”按当天登记的试点计算。",
                   ("目标", "到期日", "至少需要试点", "到期时", "当日试点", "当日差距"),
                   tuple(rows))


def _lead_types(r: MidtermReport) -> Section:
    note = "每个镇（区）牵头的类型各至少2个试点。" + ("牵头类型为示例数据，正式分工以《任务分工指引》为准。"
                                            if r.lead_types_sample else "")
    rows = tuple((row.town, row.community_type, row.pilots, "够了" if not row.short else f"还差{row.short}个")
                 for row in r.lead_types)
    return Section("牵头类型", note, ("镇（区）", "牵头类型", "试点数", "是否够2个"), rows)


def _types(r: MidtermReport) -> Section:
    rows = tuple((t.community_type, t.communities, t.pilots) for t in r.types)
    rows += (("合计", sum(t.communities for t in r.types), sum(t.pilots for t in r.types)),)
    return Section("类型分布", f"{r.registry_place}，截至{r.as_of.isoformat()}。", ("类型", "村（社区）数", "其中试点"), rows)


def _catalogs(r: MidtermReport) -> Section:
    f = r.catalogs_now
    rows = ((f"需求（截至{r.as_of.isoformat()}提交）", r.needs_filed), ("需求（生成报告时）", f.needs),
            ("未办结", f.open_needs), ("其中 先治理项目", f.priority), ("其中 待治理项目", f.pending),
            ("已解决", f.done), ("重办中", f.reopened), ("资源（本范围登记）", f.resources_here),
            ("资源（上级范围可用）", f.resources_reaching))
    return Section("三份目录", "先治理、待治理按生成报告时的匹配计算（项目类别不保留历史）。", ("项目", "数量"), rows)


def _dimensions(r: MidtermReport) -> Section:
    rows = tuple((name, n, share_text(n / r.needs_filed) if r.needs_filed else "—") for name, n in r.by_category)
    return Section("需求维度", f"截至{r.as_of.isoformat()}提交的需求，按七个维度，从多到少。", ("维度", "需求数", "占比"), rows)


def _rates(r: MidtermReport) -> Section:
    x = r.rates
    rows = (("需求数", x.needs), ("居民回访数", x.visits), ("附议人回访数", x.supporter_visits),
            ("响应率", share_text(x.responded)), ("解决率", share_text(x.solved)), ("满意率", share_text(x.satisfied)),
            ("综合（响应10%、解决50%、满意40%）", share_text(x.composite)),
            ("按时签收率", share_text(x.on_time_acknowledged)), ("按时办结率", share_text(x.on_time_finished)),
            ("重办率", share_text(x.reopened)))
    return Section("办理率", f"截至{r.as_of.isoformat()}提交的需求；满意率 =（满意 + 0.9 × 基本满意）/ 有效回访。",
                   ("指标", "数值"), rows)


def _late(r: MidtermReport) -> Section:
    f = r.late
    rows = [("未办结需求", f.open_needs, ""), ("超过时限", f.late, ""), ("正在督办", f.supervised, "")]
    rows += [(f"{STAGE_WORDS[stage]}超时", n, "") for stage, n in f.by_stage]
    rows += [(name, late, f"{LIGHT_WORDS[light]}（{late}/{total}件超时）") for name, light, late, total in f.lights]
    note = f"生成报告时（{r.generated_at:%Y-%m-%d %H:%M}）仍未办结的需求。" + (
        "时限按样例规则，请以本镇正式规定为准。" if r.limits_sample else "")
    return Section("超期", note, ("项目", "件数", "说明"), tuple(rows))


def _cases(r: MidtermReport) -> Section:
    rows = tuple((c.tracking_id, c.title, f"{c.town}{c.community}", c.community_type or "未分类", c.category,
                  c.created_on, c.author, c.account) for c in r.cases)
    return Section("试点特色案例", f"截至{r.as_of.isoformat()}标记的案例。",
                   ("编号", "标题", "村（社区）", "类型", "维度", "标记日期", "标记人", "简要介绍"), rows)
