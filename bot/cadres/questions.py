"""Read a progress or catalog question: what it asks about, where, and for when.

The intent (ask_pilot_progress or ask_catalog) comes from the NLU model; the topic within it
is read from plain keywords, which a cadre's question always carries (覆盖率, 牵头, 待治理 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from bot.periods import Period, parse_period
from bot.places import Gazetteer
from bot.vocab.community_types import find_type, type_aliases

PILOT_INTENT = "ask_pilot_progress"
CATALOG_INTENT = "ask_catalog"

_COVERAGE_WORD = r"覆盖|复盖|覆改"  # as typed too
# "下一步重点抓啥", "接下来该做啥": what to take up first, read from the figures
NEXT_STEPS = r"下一步|接下来|重点抓|先抓|抓啥|抓什么|抓哪|该做啥|该做什么|要做啥|怎么推进|工作建议|从哪里入手|从哪入手|短板|薄弱"
# "帮我出个月报", "这个月情况总结一下": the period's work in one answer, for a report upwards
SUMMARY_ASKED = r"月报|周报|季报|月度报告|小结|总结一下|总结下|汇总|情况汇报|工作简报|简报|出个报告|写个报告|报告一下|情况总结"
MID_TERM = r"中期评估|评估报告|中期考核|中期检查|评估材料"
_RULES = {
    PILOT_INTENT: (
        ("evaluation", MID_TERM),
        # "按八类分", "每类多少村社区、试点各几个", "有哪几类、各几个试点": each type's communities and pilots
        ("types_table", r"^(?!.*(?:至少|不少于|不低于|牵头|达标|够不够|差几|差多少|还差)).*(?:(?:按|分)(?:八|各|几)?(?:大)?(?:类型|类|种类型|个类型)"
                        r"(?:分|统计|看|列)|每(?:一)?类(?:多少|几|各)|各类(?:多少|几|各)|每种类型(?:多少|几|各)|八类|八种类型|"
                        r"哪几类.{0,4}(?:各|几|多少)|各(?:个)?类型(?:多少|几|各有))"),
        ("units", r"^(?!.*(?:试点|试典|覆盖|分类|类型|牵头|重办|需求|诉求|项目|资源|办结|超期|没开始|未开始|没启动|[0-9一二两三四五六七八九十]+条)).*(?:(?:多少|几)个?(?:村(?!民)|社区)"
                  r"|(?:村|社区)(?:一共|总共|共|总数|数量)?有?(?:多少|几)个?[？?]?$)"),
        ("not_pilots", r"(?:还)?(?<!是)(?:没|没有|未|不|勿)(?:列进去|列入|纳入|进试点|当试点|是试点|成为试点)|非试点|试点以外|(?<!是)不在试点|"
                       r"(?<![有是])(?:没|没有|未|呒没)(?:有)?(?:做|搞|当|开展|列为)?(?:试点|试典)(?:的|个|格)|"
                       # "哪几个村还没开始", "哪几个社区还没开始做试点": which have not started the pilot work
                       r"(?:哪几个|哪些|哪几)(?:村|社区|村社区|村居)?[^，,。？?]{0,4}(?:还|尚)?(?:没|没有|未|勿曾|呒没)(?:开始|启动|开展|动)|"
                       r"(?:没|没有|未|勿曾|呒没)(?:开始|启动|开展)(?:做|搞)?(?:试点|试典)"),
        ("new_pilots", r"(新增|新加|新纳入|新列入|新设|多了|增加了?|减少了?|少了)(了)?(几|多少)?个?.{0,6}(试点|试典)|(试点|试典).{0,6}(新增|新加|多了|增加|减少|(?<!多)少了)"),
        ("lead_types", r"牵头|不少于[2两]|不低于[2两]|至少(?:要|有|要有|得有|都有)?[2两]|[2两]个以上|[2两]个及以上|够不够[2两]|有没有[2两]个|够[2两]个|"
                       r"都有[2两]个|每(?:种|个|一)?类(?:型)?.{0,6}[2两]个|(?:勿|不|没|没有)满[2两]个?|不到[2两]个|少于[2两]|不足[2两]|"
                       r"哪(?:几|些)?(?:类|种|个类型|些类型|种类型).{0,6}(?:不够|勿够|不足|不到|勿满|不满|没满|还差|差|缺)|"
                       r"(?:缺|还缺|差|还差)(?:哪|啥|什么)(?:几|些)?(?:类|种|个类型|些类型|种类型)"),
        ("coverage", rf"{_COVERAGE_WORD}|占比|达标|百分之|[%％]|几成|比例|比率|完成率|完成情况|达到要求|任务完成|目标|"
                     r"(?:试点|试典)[^，,。？?]{0,8}完成(?:了|没|得|勿|伐|吗)"),
        ("classified", r"已分类|未分类|没分类|没有分类|还没分|分类了|完成分类|分好类|分类的|分类情况|归类|分类工作|分类进度|"
                       r"(?:没|勿|还没|还勿|未|没有)(?:定|分|划|确定|定好|分好)(?:个|格|的)?类型|定了类型|类型(?:还)?(?:没|勿|未)(?:定|分)|"
                       r"(?:勿曾|没曾|未曾|弗曾|勿|还勿)(?:分类|分好类|分好)|"
                       r"分类做到|各类型各有|每种类型各有|各类型分别"),
    ),
    CATALOG_INTENT: (
        ("evaluation", MID_TERM),
        ("next_steps", NEXT_STEPS),
        ("summary", SUMMARY_ASKED),
        ("supported", r"附议|重复反映|重复报|反映过同一|同一件事.{0,6}(?:几个人|多人)|好几个人反映"),
        ("overview", r"三份目录|三个目录|三本目录|三份清单|三张清单|三个清单|三本账"),
        ("rates", r"满意率|满意[度都渡肚律]|解决率|响应率|办[结节]率|签收率|重办率|回访率|回访情况|群众满意|居民满意|回访满意|"
                  r"满意(?:伐|吗|么|不|勿)|满[不勿]满意"
                  r"|综合得分|综合成绩|解决得最|最满意|最不满意"
                  r"|回访(?:了|过)?(?:几|多少)|满意(?:个|的|格)?(?:有)?几|(?:不|勿)满意(?:的|个|格)?(?:是|有)?(?:哪|几)"),
        ("overdue", r"超期|逾期|超时|超过时限|超出时限|超了时限|过了时限|没按时|未按时|不按时|拖期|红灯|黄灯|亮灯|督办"),
        ("oldest_pending", r"最久|最长|最老|拖[得了]?最|拖了?很久|一直没|好久没|长期没|没人管|没人认领|没.{0,2}资源|无资源|晾着|积压|还没着落|等得最"),
        ("top_categories", r"最多|排名|排行|前[几三五十]|top|主要|集中在|哪[类方].{0,4}多|热点|突出"),
        ("others_needs", r"(别人|别的人|其他人|其他居民|其它人|邻居|大家|人家|旁人|街坊|群众).{0,6}(反映|反应|提|报|说|投诉|诉求|问题)"),
        ("new_needs", r"新增|新报|新提|新收|新来|新反映|新上报|新登记|加了多少|多了几|新问题|新的问题|新需求|新诉求"),
        ("projects", r"先治理|先治里|待治理|待治里|项目"),
        ("resources", r"资源|资原|志愿|能人|党员|共建单位|驻区单位|社会组织"),
    ),
}
DEFINITION = re.compile(r"^(什么是|啥是|啥叫|什么叫)|是什么意思|是啥意思|什么意思|啥意思|指的是|怎么定义|怎么定的|有啥区别|有什么区别|啥区别")
SHARE_ASKED = r"几成|比例|占比|百分之|百分比|占多少|占了多少|占到多少"
_SHORT_BY = r"还差|差几|差多少|够不够|够了没|达到了?没|满足"
_TYPE_QUESTION = r"类型|哪类|哪一类|啥类|什么类|属于|算什么|算啥|算哪|是什么社区|是什么村|啥社区|啥村|归为|归哪"
_PILOT_WORD = r"试点|试典|事点|示点|试店"
# "最急个三条", "等得最久个两条": a few items asked for, the first group says which, the second how many
_FEW = r"[的个格]?[^，,。？?]{0,4}?([0-9一二两三四五六七八九十]+)[条个件项]"
# "前三条", "头两个": as many as said, of the list asked (never "前两个月", a period)
FEW_ASKED = re.compile(r"(最急|最久|等得最久|拖得最久|最老|最早)" + _FEW + r"|(前|头)([0-9一二两三四五六七八九十]+)[条个件项](?!月|礼拜|星期|周|年|钟头|小时|工作日)")
_LIST = r"最急" + _FEW + r"|最新的?[几两三四五六七八九十\d]*[条个件]|最近的?[几两三四五六七八九十\d]+[条个件]|哪些|哪几|详细|哪[两三四五六七八九十\d]+[条个项件]|名单|列表|列出|列一下|列一列|明细|具体|都是|是啥|是什么|发给我|看看|看一下|清单"
_CITY = r"全市|全太仓|太仓市|整个太仓|市里|市级|全部镇|所有镇|各镇"
# "全市的资源能给伲用的有几条": of the city's, those serving the asker's own place, not the city's every one
_USABLE_HERE = re.compile(r"(?:能|可以|好)(?:给|拨|让|被)?(?:伲|我们|阿拉|我)(?:们)?(?:这里|这边|村里|社区)?(?:用|使用|利用)|"
                          r"(?:能|可以)服务(?:伲|我们|阿拉)")


def few_asked(text: str) -> tuple[bool, int | None] | None:
    """(whether the most urgent were asked, how many, if a number said) for "最急个三条"; None when not asked."""
    said = FEW_ASKED.search(text or "")
    if said and said.group(3):
        return False, count_said(said.group(4))
    return (said.group(1) == "最急", count_said(said.group(2))) if said else None


# "倒数三个", "最差的五个": how many of one end of a ranking
ENDS_ASKED = re.compile(r"(?:倒数|最差|最好|最后|末|前|后)(?:的|个|格)?([0-9一二两三四五六七八九十]+)(?:个|名|位|家)")


def ends_asked(text: str) -> int | None:
    """How many of one end of a ranking were asked for ("倒数三个"); None when no count is said."""
    found = ENDS_ASKED.search(text or "")
    return count_said(found.group(1)) if found else None


# "按村分一下", "哪个社区最多", "各镇": what was counted, asked place by place
_BY_PLACE = r"按(?:各)?(?:镇|村|社区|村社区|村（社区）)(?:来)?(?:分|统计|排|列)?(?:一下|下)?"
PLACE_SPLIT = re.compile(r"[，,]?" + _BY_PLACE)
PLACES_ASKED = re.compile(_BY_PLACE + r"|哪(?:个|几个)(?:镇|村|社区|区)(?:的)?(?:需求)?(?:最多|最少|多|少)?|"
                          r"各(?:个)?(?:镇|村社区|村|社区)")
# "按镇分", "各镇", "哪个村最多", "最少的是哪个社区", "镇跟镇比": the unit places are asked by
_UNIT_ASKED = re.compile(r"(?:按(?:各)?|各(?:个)?|每(?:个|一个)|哪(?:个|几个|一个)?|最[多少高低]的?(?:是)?)(镇|村(?!民)|社区|小区)|(镇)跟镇")


def unit_asked(text: str) -> str | None:
    """"town" or "community" when the question says which unit places are ranked or split by; None otherwise."""
    found = _UNIT_ASKED.search(re.sub(r"\s+", "", text or ""))
    if not found:
        return None
    return "town" if (found.group(1) or found.group(2)) == "镇" else "community"


# "资源按类型分一下", "各类分别几条": a count split some way, never one item's card
_SPLIT_ASKED = re.compile(r"按[^，,。]{0,4}分|各类|每类|各种|每种|各有几|分别")


# Words only a question about figures uses; a complaint may still say 垃圾分类 or 多少辰光.
_FIGURE_WORDS = re.compile(r"需求|诉求|资源|项目|试点|覆盖|名单|明细|列出|统计|排名|清单|目录|(多少|几)(个|条|件|家|项|人|户)|"
                           r"[?？吗伐]$|多不多|有没有人|是不是|阿是|最多|最少|哪(?:个|几个)(?:镇|村|社区|区)|"
                           r"[办解]结率|满意率|覆盖率|响应率|签收率|比一比|比比看|对比|排第几")


# "待治理个60条导出来发我", "我要导出 excel", "各镇覆盖率个表格发我": a file asked for, which a chat cannot send
_EXPORT = re.compile(r"导出|导一份|下载|[Ee][Xx][Cc][Ee][Ll]|xlsx|(?:表格|报表|文件|PDF|pdf)[^，,。？?]{0,4}(?:发|传|给)(?:我|伲|阿拉)|"
                     r"(?:发|传)(?:一份|个|份)?(?:表格|报表|文件|Excel)")


def asks_for_export(text: str) -> bool:
    return bool(_EXPORT.search(text or ""))


def asks_for_figures(text: str) -> bool:
    """"按镇分一下，急的物业问题哪个镇最多": figures asked for, whatever problem words the question holds."""
    plain = re.sub(r"\s+", "", text or "")
    return bool(_FIGURE_WORDS.search(plain) or PLACES_ASKED.search(plain) or asks_for_split(plain))


# "哪些资源还没对接上需求", "有啥资源还呒没派用场": resources not yet put to any need
_UNMATCHED = re.compile(r"(?:没|没有|未|还没|呒没|勿曾|不曾)(?:有)?(?:被)?(?:对接|对上|匹配|派用场|派上用场|用上|用到|用过|接到)|闲着|闲置|空着|没人用")


def asks_for_unmatched(text: str) -> bool:
    return bool(_UNMATCHED.search(re.sub(r"\s+", "", text or "")))


def asks_for_unused_resources(text: str) -> bool:
    """Resources the question is about, not yet put to use: "哪些资源还没对接上需求" (not "哪些需求还没有资源对接",
    nor "没对接上资源的需求", whose subject is the needs)."""
    plain = re.sub(r"\s+", "", text or "")
    return "资源" in plain and asks_for_unmatched(plain) and not re.search(
        r"需求[^，,。？?]{0,6}(?:没|未)|资源[^，,。？?]{0,2}的?(?:需求|项目)", plain)


def asks_for_split(text: str) -> bool:
    return bool(_SPLIT_ASKED.search(text or ""))


def count_said(said: str) -> int | None:
    """"三" or "3" as a number; None for what is no count."""
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
    return int(said) if said.isdigit() else digits.get(said)


OWN_TOWN_WORDS = (r"(?:我们|阿拉|伲|咱们|俺们)(?:这个)?镇上|我们镇|我镇|本镇|伲镇|阿拉镇|我们区|本区|我们街道|本街道|"
                  r"咱们镇|俺们镇|我们这个镇|伲搭镇|我们开发区|我们新城|(?<!镇)全镇|整个镇")
OWN_COMMUNITY_WORDS = (r"我们村|本村|伲村|阿拉村|我们社区|本社区|伲社区|阿拉社区|咱们村|咱们社区|我们这个村|我们这个社区|"
                       r"我们小区|伲小区|阿拉小区")


OWN_COMMUNITY = re.compile(OWN_COMMUNITY_WORDS)
# "伲是试点伐", "阿拉算勿算试点": the asker's own village or community
_WE_ARE_A_PILOT = re.compile(r"^(?:伲|阿拉|我们|咱们|我伲)(?:这里|这边|搿搭|这个村|这个社区)?(?:是|算|阿是|是不是|是勿是|算不算|算勿算|有没有)"
                             r"(?:不是|勿是)?(?:个)?(?:试点|试典)")


def names_a_scope(text: str) -> bool:
    """"我们镇…", "全市…", "本村…": the question names where it is about."""
    plain = re.sub(r"\s+", "", text or "")
    return re.search(f"{OWN_TOWN_WORDS}|{OWN_COMMUNITY_WORDS}|{_CITY}", plain) is not None


@dataclass(frozen=True)
class Question:
    intent: str
    topic: str
    text: str
    town: str | None = None
    community: str | None = None  # official name
    community_type: str | None = None
    period: Period | None = None
    own: str | None = None  # "town" or "community" when the asker says 我们镇 / 我们村
    city: bool = False  # the asker said 全市
    wants_list: bool = False
    ambiguous: tuple[str, ...] = ()  # official names when a bare name fits several communities
    unknown_place: str | None = None  # a place named that is not in Taicang
    yes_no: bool = False  # "是不是试点", "达标了没": the answer starts with 是/否, 有/没有
    category: str | None = None  # a need dimension named ("养老这块有多少需求")
    state: str | None = None  # "open" (还没办), "finished" (办结了), "done" (解决了) or "reopened" (重办) needs
    urgency: str | None = None  # 急, 难, 愁 or 盼 needs; "every" for the four side by side
    waited: tuple[int, str] | None = None  # "超过一个月还没办的": days waited at least, and as said
    tier: str | None = None  # "pending" (待治理) or "priority" (先治理) projects asked about; None for both or neither


# What a cadre may ask that the assistant keeps no record of: money, staff, contacts, plans, reasons, rules of
# assessment ("社区治理专项经费今年拨了多少钱", "试点考核是哪个部门负责 联系人电话"): answered as such, never with
# other figures.
_NOT_KEPT = re.compile(r"经费|资金|预算|拨款|拨了多少|花了多少|多少钱|几块钱|补贴标准|补助标准|工资|编制|人员配备|联系人|联系电话|"
                       r"手机号码|负责人是谁|哪个部门负责|谁负责|考核办法|考核细则|评分标准|打分|计划是啥|计划是什么|有啥计划|"
                       r"有什么计划|为啥|为什么|工作人员|网格员|人员配|几个人在管|几个人管|人手|社工有几|社工多少|几个[^，,。]{0,4}社工|"
                       r"配了几个|专职")


def asks_what_is_not_kept(text: str) -> bool:
    return _NOT_KEPT.search(text or "") is not None


def names_a_topic(text: str) -> bool:
    """Whether a message names what it asks about (超期, 覆盖率, 待治理 …): then it is a question of its own,
    never a follow-up that swaps one part of the last one."""
    plain = re.sub(r"\s+", "", text or "").lower()
    return any(re.search(pattern, plain) for rules in _RULES.values() for _, pattern in rules)


# Wu 个/格 for 的 before what a cadre counts ("重办个4条", "孙桥村个资源"); 这个, 一个, 个人 are left alone.
_WU_OF = re.compile(r"(?<=[\u4e00-\u9fff])(?<![一二三两四五六七八九十百千几这那每各哪整某半单多少好些迭搿])[个格]"
                    r"(?=\d|[一二两三四五六七八九十]+条|需求|资源|项目|试点|村|社区|事体|事情|问题|名单|覆盖率|满意度|电话|情况|"
                    r"呢|有伐|有几|是哪|是啥)")


# "5条急个，具体啥事体", "今年难个未办结几条": the urgent ones, the hard ones
_WU_LEVEL_OF = re.compile(r"(?<=[急难愁盼])[个格](?![人体位别案])")
_WU_NOT = re.compile(r"呒没|嘸没|呒不")  # "新建村还有几条呒没办好": 没有


_NOT_ASKED = re.compile(r"(?:我|伲|阿拉)?(?:又|也|并)?(?:没|没有|勿曾|呒没|勿|不|弗)(?:是)?(?:问|讲|要)(?:个|的|格)?[^，,。？?\s]{1,10}?"
                        r"(?:[，,。\s]+|$)(?=.)")


def wu_plain(text: str) -> str:
    """Wu 个/格 for 的 and 呒没 for 没有, and the tiers as voice input mishears them (带治理), as the questions'
    words are written."""
    text = re.sub(r"[带代]治[理里]|待治里", "待治理", re.sub(r"先治里", "先治理", text or ""))
    text = re.sub(r"支援(?=[^，,。？?]{0,3}(?:有|几|多少|清单|还没|没有|按))", "资源", text)  # "还没对上需求个支援有几个"
    text = re.sub(r"[紫子姿]源(?=清单|目录|有|几|多少)|资原", "资源", text)  # voice input's 资源: "紫源清单多少条"
    text = _NOT_ASKED.sub("", text)  # "我又没问物业 全镇个先治理占比": what was not asked is no part of the question
    return _WU_LEVEL_OF.sub("的", _WU_OF.sub("的", _WU_NOT.sub("没有", text)))


def read_question(text: str, intent: str, gazetteer: Gazetteer, today: date) -> Question:
    text = in_the_plans_words(wu_plain(text))  # also when a follow-up reads it again
    plain = re.sub(r"\s+", "", text)
    intent = _settle_intent(plain, intent)
    topic = _topic(plain, intent)
    community_type = find_type(plain)
    town, community, ambiguous, unknown = _places(plain, gazetteer)
    if intent == PILOT_INTENT and DEFINITION.search(plain) and not (community or town):
        topic = "definition"
    elif re.search(MATCH_STRENGTH, plain):  # "可能相关是啥意思", "先治理里有依据的几条"
        counted = re.search(r"几条|几个|多少|几化", plain)  # a figure asked beside: the tiers' figures, then what they mean
        topic = "definition" if DEFINITION.search(plain) and not counted else "projects"
    elif topic == "pilots" and intent == PILOT_INTENT:
        if community_type and not community and re.search(_SHORT_BY, plain):
            topic = "lead_types"  # "双凤镇城郊融合村还差几个": the type against the 2 pilots a leading town needs
        elif community and re.search(_TYPE_QUESTION, plain) and not re.search(r"几个|多少", plain):
            topic = "community_type"
        elif community and re.search(rf"(是|算|阿是|是不是|有没有).{{0,4}}({_PILOT_WORD})", plain):
            topic = "community_type"
        elif community and community_type:  # 南园社区是老街巷社区吗 / 算老街巷还是商品房
            topic = "community_type"
        elif community_type and not re.search(_PILOT_WORD, plain):
            topic = "by_type"
        elif not community_type and not community and re.search(_SHORT_BY, plain):
            topic = "coverage"  # "沙溪镇还差几个试点": the gap to the target, not the list of pilots
    elif topic == "not_pilots" and community:
        topic = "community_type"  # "南园社区是不是试点": that community, not the list of those that are not
    elif topic == "units" and community_type and not community:
        topic = "by_type"  # "沙溪镇动迁安置社区有几个": that type's communities
    elif topic == "classified" and community_type and not community:
        topic = "by_type"  # "村改居社区分类了几个": that type's communities and pilots
    elif topic == "new_needs" and re.search(r"资源|志愿者|能人", plain) and not re.search(r"需求|诉求|问题", plain):
        topic = "resources"  # "上个月新登记了几条资源": resources registered, not needs
    elif topic == "new_needs" and re.search(r"先治理|待治理|先治里|待治里", plain):
        topic = "projects"  # "今年新增的需求里待治理项目几个": the tiers of those needs, not their count
    elif intent == CATALOG_INTENT and topic in ("needs", "projects", "resources", "oldest_pending") \
            and asks_for_unused_resources(plain):
        topic = "resources"  # "哪些资源还没对接上需求": the resources not yet put to use
    elif intent == CATALOG_INTENT and topic in ("needs", "projects", "resources") \
            and re.search(r"资源", plain) and re.search(r"需求|诉求|项目", plain):
        topic = "overview"
    elif topic == "coverage" and re.search(SHARE_ASKED, plain) and re.search(r"分类|分好类|归类", plain) \
            and not re.search(rf"{_PILOT_WORD}|{_COVERAGE_WORD}", plain):
        topic = "classified"  # "未分类的占几成": the share of communities not classified, not pilot coverage
    elif topic == "rates" and read_rate_ranking(plain) is not None:
        topic = "rate_ranking"  # "哪个村解决率最低": the communities ranked, not one figure
    if intent == CATALOG_INTENT and topic in ("needs", "top_categories", "projects") and (
            re.search(r"哪个(镇|村|社区|区)|哪几个(镇|村|社区)|各(镇|村|社区)|排个?名|排行|排序|排一下|"
                      r"(?:在|勒勒|勒|辣)(?:哪里|哪儿|啥地方|哪搭|哪些地方)", plain)
            and re.search(r"最多|排个?名|排行|排序|排一下|多少|几条|最少|数量|主要|集中", plain)
            or re.search(r"按(?:各)?(?:镇|村|社区|村社区|村（社区）|村\(社区\))(?:来)?(?:分|统计|排|列)|分(?:镇|村)(?:统计|列|看)|"
                         r"每(?:一)?个(?:镇|村|社区|村社区)(?:有)?(?:几|多少|各|分别)", plain)):
        topic = "top_places"  # "重办的按镇分一下": the places ranked
    if intent == CATALOG_INTENT and topic in ("top_categories", "top_places", "needs") \
            and re.search(r"资源|志愿者|能人|共建单位", plain) and not re.search(r"需求|诉求|问题|项目|反映", plain):
        topic = "resources"  # "志愿者最多的是哪个村": the resources by village, never the needs
    if topic in ("needs", "top_places", "new_needs") and re.search(
            r"按(?:维度|类别|类型)|各(?:个)?维度|(?:维度|类别).{0,4}(?:排|多少|分别)|"
            r"(?:是|属于|算)?(?:啥|啥个|什么|哪些|哪几个|哪几)(?:个)?(?:维度|类别|方面)", plain) \
            and not re.search(r"哪个(镇|村|社区|区)|各(镇|村|社区)", plain):
        topic = "top_categories"  # "按维度从多到少排一下": the dimensions ranked, not the places
    own_pilot = intent == PILOT_INTENT and not (community or town) and _WE_ARE_A_PILOT.match(plain)
    if own_pilot:
        topic = "community_type"  # a village cadre's "伲是试点伐": their own village, not the town's pilots
    if intent == CATALOG_INTENT and topic in ("needs", "top_places", "projects") and RANK_OF.search(plain):
        topic = "place_rank"  # "闸北社区在浏河镇排第几": one place's position among its town's
    if intent == CATALOG_INTENT and topic == "needs" and YEAR_ON_YEAR.search(plain):
        topic = "new_needs"  # "今年报的需求比去年多伐": this year's new needs against last year's
    waited = waited_at_least(plain) if intent == CATALOG_INTENT else None
    if waited and topic in ("needs", "projects", "top_categories"):
        topic = "oldest_pending"  # "超过一个月还没办的有几条": open needs filed before then
    return Question(
        waited=waited,
        intent=intent, topic=topic, text=text, town=town, community=community, community_type=community_type,
        period=parse_period(_DEADLINE_SAID.sub("", plain) if re.search(_NOW_SAID, plain) else plain, today),
        own="community" if OWN_COMMUNITY.search(plain) or own_pilot else "town" if re.search(OWN_TOWN_WORDS, plain) else None,
        city=bool(re.search(_CITY, plain)) and not _USABLE_HERE.search(plain), wants_list=bool(re.search(_LIST, plain)), ambiguous=ambiguous,
        unknown_place=unknown, yes_no=is_yes_no(plain) or _yes_no_clause(text),
        category=_category(_unplaced(plain, gazetteer)) if intent == CATALOG_INTENT else None,
        state=_state(plain) if intent == CATALOG_INTENT else None,
        urgency=urgency_asked(plain) if intent == CATALOG_INTENT else None,
        tier=tier_asked(plain) if intent == CATALOG_INTENT else None,
    )


# "2023年底要达到60%的目标，现在完成得哪能了": the year names the target's deadline; the figures asked are today's
_DEADLINE_SAID = re.compile(r"(?:\d{4}|[二〇零一两三四五六七八九]{4})年(?:底|末)?(?:前|以前|之前)?(?:要|需要|得|应该?)?(?:达到|超过|完成|实现)")
_NOW_SAID = r"现在|目前|眼下|当前|到今天|今朝"


# "今年新增的需求搭去年比比看", "今年比旧年多还是少", "同比": this year so far against last year (whole, and to this day)
RANK_OF = re.compile(r"排第几|排在第几|第几名|排名第几|排多少名|排老几|排到第几")
YEAR_ON_YEAR = re.compile(r"(?:今年|本年|今年度).{0,14}(?:跟|和|同|搭|比|与|对比)(?:去年|旧年|上年|上一年)|"
                          r"(?:去年|旧年|上年)(?:跟|和|同|搭|与)(?:今年|本年).{0,4}比|同比|(?:比|跟|搭|和)(?:去年|旧年|上年)(?:同期)?"
                          r"(?:比|多|少)")
def tier_asked(plain: str) -> str | None:
    """"待治理的哪个维度最多": the one tier of open projects a question is about; None when both or neither is named."""
    pending, priority = re.search(r"待治|代治", plain), re.search(r"先治", plain)
    return None if bool(pending) == bool(priority) else "pending" if pending else "priority"


# "超过一个月还没办", "30天以上没办结", "等了两个礼拜多的": how long needs have waited, at least
_WAITED = re.compile(r"(?:超过|超出|多于|大于|满)(?P<n>\d+|[一二两三四五六七八九十半]+)(?:个)?(?P<unit>天|日|礼拜|星期|周|个月|月)|"
                     r"(?P<n2>\d+|[一二两三四五六七八九十半]+)(?:个)?(?P<unit2>天|日|礼拜|星期|周|个月|月)(?:以上|多|还多|(?=还?(?:没|未|呒没)(?:办|解决|处理|弄)))|"
                     r"(?P<n3>\d+|[一二两三四五六七八九十]+)(?:个)?多(?P<unit3>天|日|礼拜|星期|周|月)")  # "拖了一个多月"
_DAYS = {"天": 1, "日": 1, "礼拜": 7, "星期": 7, "周": 7, "个月": 30, "月": 30}
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0.5}


def waited_at_least(plain: str) -> tuple[int, str] | None:
    found = _WAITED.search(plain)
    if not found or not re.search(r"没|未|还在|等|拖|挂", plain):
        return None
    n = found.group("n") or found.group("n2") or found.group("n3")
    unit = found.group("unit") or found.group("unit2") or ("个月" if found.group("unit3") == "月" else found.group("unit3"))
    value = float(n) if n.isdigit() else (10 + _NUMERALS.get(n[1:], 0) if n.startswith("十") and len(n) > 1
                                        else _NUMERALS.get(n[0], 1) * (10 if n.endswith("十") and len(n) > 1 else 1)
                                        if len(n) <= 2 else None)
    if not value:
        return None
    return int(value * _DAYS[unit]), re.sub(r"^(?:超过|超出|多于|大于|满)|(?:以上|还多|多)$", "", found.group(0))


_RATE_WORDS = Path(__file__).resolve().parent.parent / "data" / "rate_rankings.yml"


@dataclass(frozen=True)
class RateRanking:
    """Which rate a ranking question asks about, and which end first."""

    rate: str  # a field of bot.needs.visits.Rates: solved, satisfied …
    name: str  # 解决率
    lowest_first: bool
    counts: str  # what the rate counts: 回访 or 需求
    definition: str
    higher_is_worse: bool = False


@lru_cache(maxsize=1)
def _rate_words() -> dict:
    return yaml.safe_load(_RATE_WORDS.read_text(encoding="utf-8"))


def read_rate_ranking(text: str) -> RateRanking | None:
    """"哪个村解决率最低", "各村满意率排名": the rate and the end asked for; None when no ranking is asked
    ("我们镇满意率多少"). A ranking without an end ("各村满意率排名") puts the best first."""
    plain = re.sub(r"\s+", "", text or "")
    words = _rate_words()
    rate = next((key for key, spec in words["rates"].items() if re.search(spec["words"], plain)), None)
    if rate is None:
        return None
    spec = words["rates"][rate]
    worse_high = bool(spec.get("higher_is_worse"))
    end = next((e for e in ("worse", "low", "high", "better") if re.search(words["direction"][e], plain)), None)
    if end is None and not re.search(words["ranking"], plain):
        return None
    lowest_first = {"low": True, "high": False, "worse": not worse_high}.get(end, worse_high)
    return RateRanking(rate, spec["name"], lowest_first, spec["counts"], spec["definition"], worse_high)


# A question to be answered yes or no first; "有几个" and "有哪些" ask for a figure or a list instead.
_YES_NO = re.compile(
    r"是不是|是否|算不算|有没有|有无|阿是|阿有|达标[了没吗伐]|达标没|打标没|够不够|够[了吗伐]|够没|"
    r"完成[了没吗伐]|达到[了没吗伐]|达到没|实现[了没吗]|列[进入为]了?[没吗]|(?<![什怎这那])[吗伐嘛么](?:现在|目前|眼下)?$|了没有?$|没有?$"
)
_ASKS_FIGURE = re.compile(r"几个|几条|几项|多少|几化|哪些|哪几|哪个|差几|还差|名单")


def is_yes_no(plain: str) -> bool:
    plain = plain.rstrip("？?。！!～~ ")
    return bool(_YES_NO.search(plain)) and not (_ASKS_FIGURE.search(plain) and not re.search(r"有没有|是不是", plain))


def _yes_no_clause(text: str) -> bool:
    """"开发区覆盖率多少 达标没": a figure asked and then, on its own, whether the target is met."""
    clauses = [c for c in re.split(r"[\s，,。？?！!；;]+", text or "") if c]
    return len(clauses) > 1 and any(_VERDICT_ASKED.search(c) and is_yes_no(c) for c in clauses[1:])


# A clause asking for a verdict; "能列一下吗" only asks politely.
_VERDICT_ASKED = re.compile(r"是不是|是否|算不算|有没有|达标|打标|够不够|够[了吗伐没]|完成[了没吗伐]|达到[了没吗伐]")


_OPEN_WORDS = r"没办|未办|没有办|还没解决|没解决|未解决|在办|办理中|没处理|未处理|待办|没完成|未完成|还开着|没结"
# 办结 is solved or closed, as the finished rate counts it; 解决 is solved only
_DONE_WORDS = r"办结|办好|办完|办掉|办脱|完成了|已完成|处理好|处理完|搞定"
_SOLVED_WORDS = r"解决了|已解决|解决掉"


def is_list_question(text: str) -> bool:
    return bool(re.search(_LIST, re.sub(r"\s+|资源清单|需求清单", "", text or "")))


def question_state_and_category(text: str, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """The need state and dimension a catalog question names (for a follow-up that swaps one)."""
    plain = re.sub(r"\s+", "", text or "")
    return _state(plain), _category(_unplaced(plain, gazetteer))


_REOPENED_WORDS = r"重办|重新办|返工|又开了|退回重"
# A level of urgency asked about ("急的有几条", "老大难的呢"); 着急/难闻/困难 say no level.
_URGENCY_ASKED = (("急", r"(?<![难愁盼焦着])急(?:的|事|件|[个格额](?![月礼星])|[个格额]需求|需求)|紧急(?:的|需求)|最急"),
                  ("难", r"(?<![急困])难(?:的|事|个需求|格需求)(?!闻)|老大难"),
                  ("愁", r"(?<![难急])愁(?:的|事|个需求|格需求)"), ("盼", r"(?<![愁])盼(?:的|望的|个需求|格需求)"))
_LEVEL_DENIED = re.compile(r"(?:勿是|不是|弗是|覅|不要|勿要|别)(?:只)?(?:看|问|算)?(?:急难愁盼|[急难愁盼])(?:的|个|格|额)?(?:需求|事)?")
_EVERY_URGENCY = r"急难愁盼|按(?:紧急程度|急难愁盼)|各(?:个)?紧急程度|紧急程度.{0,4}(?:分别|各)"


def urgency_asked(plain: str) -> str | None:
    """The level of urgency a catalog question is about, "every" for all four, else None."""
    plain = _LEVEL_DENIED.sub("", plain)  # "勿是急的 …未办结需求总共几条": that level is not asked
    if re.search(_EVERY_URGENCY, plain):
        return "every"
    return next((level for level, pattern in _URGENCY_ASKED if re.search(pattern, plain)), None)


def _state(plain: str) -> str | None:
    if re.search(_REOPENED_WORDS, plain) and not re.search(r"重办率", plain):
        return "reopened"
    if re.search(_OPEN_WORDS, plain):
        return "open"
    if re.search(_SOLVED_WORDS, plain):
        return "done"
    return "finished" if re.search(_DONE_WORDS, plain) else None


def _unplaced(plain: str, gazetteer: Gazetteer) -> str:
    """The question without its place names: 浮桥镇's 桥 or 何桥村's 桥 name no road or bridge."""
    spans = sorted(((m.start, m.end) for m in gazetteer.mentions(plain)), reverse=True)
    for start, end in spans:
        plain = plain[:start] + plain[end:]
    return plain


def _category(plain: str) -> str | None:
    """A need dimension the question names by its name or its plain words (养老, 环境卫生, 路灯)."""
    from bot.vocab.categories import keyword_category, normalize_category

    named = normalize_category(plain)
    if named:
        return named
    from bot.vocab.categories import category_names

    halves = [name for name in category_names() if name[:4] in plain or name[-4:] in plain]
    if len(halves) == 1:
        return halves[0]  # "基础设施方面", "环境整治那块": half a dimension's name is its name
    cleaned = re.sub(r"需求|诉求|问题|项目|资源|目录|清单|反映|多少|几条|几个|今年|去年|本月|上个?月", "", plain)
    return keyword_category(cleaned) if len(cleaned) >= 2 else None


# Where a question of several parts divides: "浮桥镇试点多少个、覆盖率多少、牵头类型够不够".
_PARTS = re.compile(r"[、，,；;？?。]|还有(?![几多])|以及|另外")  # "还有几条没办": still, not also
_MEASURE = re.compile(r"试点|覆盖|牵头|分类|类型|需求|诉求|资源|项目|先治理|待治理|多少|几个|几条|够不够|够了|哪些|达标|还差|至少|"
                      r"几化|新增|新报|重办|超期|逾期|附议|最急|最久|满意|[解办]结率|签收率|响应率|回访")


# The plan's words for a need with a resource and one without, as cadres also ask it: "哪些需求有资源对上了",
# "需求和资源的匹配情况", "对接成功的有几个" ask about 先治理 projects; "还没对上资源的" about 待治理 ones.
_WITHOUT_A_RESOURCE = re.compile(r"(?<!有)(?:没|没有|未|还没|还没有|勿曾)(?:资源)?(?:对上|配上|匹配上?|对接上?)(?!成功)(?:资源)?(?:的)?(?:需求|项目)?"
                                 r"|(?<!有)没(?:有)?资源(?:对接|可用|的)?(?:需求|项目)?")
_WITH_A_RESOURCE = re.compile(r"(?:需求)?(?:有|已有|已经有)?资源(?:对上|配上|匹配上|对接上|对接成功|匹配成功|对接)(?:了)?(?:的)?(?:需求|项目)?"
                              r"|(?:需求)?(?:有|已有|已经有)?(?:对上|配上|匹配上|对接上|对接成功|匹配成功)(?:了)?(?:资源)?(?:的)?(?:需求|项目)?"
                              r"|(?:需求)?(?:和|跟|与)资源(?:的)?(?:匹配|对接)(?:情况|上)?(?:的)?"
                              r"|(?:有|已有)资源(?:的)?(?:需求|项目)")


def in_the_plans_words(text: str) -> str:
    """A question about matches asked as one about the project tiers it means."""
    if "先治理" in text or "待治理" in text or re.search(r"XQ\d|这条|那条|这个需求|这件|第.条", text or ""):
        return text  # one need's own resource is asked about that need
    if asks_for_unused_resources(text):
        return text  # "哪些资源还没对接上需求": resources not put to use, not the needs without one
    text = _WITHOUT_A_RESOURCE.sub("待治理项目", text)
    text = _WITH_A_RESOURCE.sub("先治理项目", text)
    return re.sub(r"(先治理项目[^，,。？?]{0,4}?)(?:几|多少)对", r"\1几个", text)  # "对接成功了几对": matched pairs, counted


def question_parts(text: str, intent: str, gazetteer: Gazetteer, today: date) -> list[Question]:
    """Each part of a question that asks several things, in the order asked, sharing the place and
    time said once; one part (the whole question) when it asks one thing."""
    text = in_the_plans_words(wu_plain(text))
    whole = read_question(text, intent, gazetteer, today)
    towns = _towns_named(re.sub(r"\s+", "", text or ""), gazetteer)
    if len(towns) > 1 and not whole.community:  # "城厢和沙溪覆盖率分别多少": each place answered
        return [replace(part, town=town, ambiguous=(), unknown_place=None)
                for town in towns for part in _measured_parts(text, intent, gazetteer, today, whole)]
    if whole.topic == "new_needs" and YEAR_ON_YEAR.search(re.sub(r"\s+", "", text or "")):
        return [whole]  # "全市今年新增需求多少 跟去年同期比": one comparison, new needs to new needs
    parts = _measured_parts(text, intent, gazetteer, today, whole)
    if (whole.town or whole.community or whole.own) and _BESIDE_THE_CITY.search(re.sub(r"\s+", "", text or "")):
        # "伲浏河镇个办结率搭全市比比看": the place's figures, then the same for the whole city
        place = [replace(part, city=False) for part in parts]
        return place + [replace(part, town=None, community=None, own=None, city=True, ambiguous=(), unknown_place=None)
                        for part in place]
    return parts



# the city set beside the place asked about ("搭全市比比看", "跟全市平均比", "全市比起来", "…，全市呢")
_BESIDE_THE_CITY = re.compile(rf"(?:跟|和|与|搭|同|比|对比|相比|比起)(?:{_CITY})(?:的)?(?:平均|平均水平|整体|水平)?"
                              rf"(?:比|相比|对比|比较|比起来|怎么样|哪能|高|低|差|好)|(?:{_CITY})(?:比起来|相比|对比)|"
                              rf"[，,](?:那|再看看?)?(?:{_CITY})(?:的)?(?:呢|咧|哪能|怎么样)[？?]*$")

def _towns_named(plain: str, gazetteer: Gazetteer) -> list[str]:
    """The towns a question names, in the order named (by name or alias: 城厢, 高新区, 港区)."""
    found: dict[str, int] = {}
    for town in gazetteer.towns:
        for name in sorted((town.name, *town.aliases), key=len, reverse=True):
            at = plain.find(name)
            if at >= 0 and len(name) >= 2:
                found[town.name] = min(found.get(town.name, at), at)
    return sorted(found, key=found.get)


_SUBJECT_ONLY = re.compile(r"(?:那|那么|再|还有)?(?:关于|说说|讲讲)?(?:需求|诉求|资源|项目|试点)(?:这边|方面|这块|这一块|的话|呢)")


def _pieces(text: str) -> list[str]:
    """The parts of a question that each name a measure (a pause in voice input divides like a comma); a part that
    only names another time ("这个月新报几条，上个月呢") asks the part before it again for that time."""
    from bot.cadres.followup import _PERIOD_WORDS  # followup reads questions: imported when asked

    plain = re.sub(r"迭个|搿个", "这个", re.sub(r"\s+", "", text))
    apart = _TIMES_APART.search(plain)
    if apart and _MEASURE.search(apart.group("what")) and not YEAR_ON_YEAR.search(plain):
        # "迭个季度新增需求跟上个季度比": the measure said after the first time, asked of each
        return [apart.group("a") + apart.group("what"), apart.group("b") + apart.group("what")]
    paired = _PAIRED_TIMES.search(plain)
    if paired and YEAR_ON_YEAR.search(plain) and not _A_RATE.search(plain):
        return [plain]  # "今年跟去年比 需求多了还是少了": one answer sets the two years side by side
    if paired and _MEASURE.search(rest := plain[:paired.start()] + plain[paired.end():]):
        return [paired.group("a") + rest, paired.group("b") + rest]  # "这个月跟上个月各报了几条": each time asked
    compared = _RATE_COMPARED.search(plain)
    if compared and _A_RATE.search(rest := plain[:compared.start()] + plain[compared.end():]):
        # "办结率跟上个月比呢": the rate now and then, each answered
        return [_NOW_OF[compared.group("b")] + rest, compared.group("b") + rest]
    pieces: list[str] = []
    subject = ""
    for piece in _PARTS.split(plain):
        if _SUBJECT_ONLY.fullmatch(piece):  # "那需求这边，待治理最多个是哪一类": the subject of the part after it
            subject += piece
            continue
        piece, subject = subject + piece, ""
        if _MEASURE.search(piece):
            pieces.append(piece)
        elif pieces and _ANOTHER_TIME.match(piece) and parse_period(piece, date.today()):
            when = _ANOTHER_TIME.match(piece).group("when")
            pieces.append(when + _PERIOD_WORDS.sub("", pieces[-1]))
    return pieces


MATCH_STRENGTH = r"有依据|没依据|有佐证|佐证|可能相关|强匹配|弱匹配"
_TIME_WORD = (r"本月|这个月|本周|这周|这个礼拜|这礼拜|本礼拜|这个星期|这星期|今年|上个月|上周|上个礼拜|上礼拜|上个星期|上星期|"
              r"去年|前年|这个季度|本季度|上个季度|上季度|第?[一二三四1-4]季度|上半年|下半年")
_NOW_OF = {"上个月": "本月", "上周": "本周", "上个礼拜": "本周", "上礼拜": "本周", "上个星期": "本周", "上星期": "本周",
           "去年": "今年"}
_RATE_COMPARED = re.compile(rf"(?:跟|和|与|搭|同)(?P<b>{'|'.join(_NOW_OF)})(?:比|相比|对比|比较)")
_A_RATE = re.compile(r"满意|[办解]结率|响应率|签收率|回访")
_PAIRED_TIMES = re.compile(rf"(?P<a>{_TIME_WORD})(?:跟|和|与|搭|同)(?P<b>{_TIME_WORD})(?:各|分别|各自)?")
_QUARTER_WORD = (r"这个季度|本季度|上个季度|上季度|第?[一二三四1-4]季度|上半年|下半年|"
                 r"上上个月|上个月|这个月|本月|(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?")  # "上个月…跟上上个月比"
_TIMES_APART = re.compile(rf"(?P<a>{_QUARTER_WORD})(?P<what>[^，,。？?]{{2,14}}?)(?:跟|和|与|搭|同|比)(?P<b>{_QUARTER_WORD})"
                          r"(?:比|相比|对比|比较|比比)")
# "上个月呢", "那去年的呢", "跟上个月比比": the part before asked again for another time
_ANOTHER_TIME = re.compile(r"^(?:那|再|跟|和|搭|同)?(?P<when>[^，,。？?]{2,8}?)(?:的|格|个)?(?:呢|比比|比一比|对比一下|比较一下|相比)?[？?。]*$")


def _measured_parts(text: str, intent: str, gazetteer: Gazetteer, today: date, whole: Question) -> list[Question]:
    pieces = _pieces(re.sub(r"\s+", "", text or ""))
    if len(pieces) < 2 and whole.topic != "lead_types":  # "牵头的传统乡村 村改居社区够了吗" is one check
        pieces = _pieces(re.sub(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])", "，", (text or "").strip()))
    pieces = _modifiers_joined(pieces)
    if len(pieces) < 2:
        return [whole]
    parts, asked = [], set()
    said = [read_question(piece, intent, gazetteer, today).period for piece in pieces]
    # a time said in one piece holds for the pieces after it, never for one asked before it ("需求一共几条 这个月新增几条")
    carried, period_before = [], None if any(said) else whole.period
    for period in said:
        period_before = period or period_before
        carried.append(period_before)
    for piece, period in zip(pieces, carried, strict=True):
        part = read_question(piece, intent, gazetteer, today)
        what = (part.topic, part.state, part.urgency, part.category, part.period and part.period.label)
        if what in asked or part.topic == "definition":
            continue  # "多少个村，多少个社区": one answer gives both; "多少条，哪些最急" are two
        asked.add(what)
        if not (part.town or part.community or part.city or part.own):
            part = replace(part, town=whole.town, community=whole.community, city=whole.city, own=whole.own,
                           ambiguous=whole.ambiguous, unknown_place=whole.unknown_place)
        if part.community_type is None and whole.community_type:
            part = replace(part, community_type=whole.community_type)
        parts.append(part if part.period else replace(part, period=period))
    return parts if len(parts) > 1 else [whole]


# A piece that only says how to split or share what the piece before it counts ("资源有多少，按类型分一下",
# "重办几条，占几成"): part of that piece, no question of its own.
_MODIFIER = re.compile(rf"^(?:按(?:资源|需求|项目)?(?:类型|类别|维度|镇|村|社区)(?:分|统计|排|列)?(?:一下|下)?|"
                       r"(?:都是|是|分别是)?(?:啥|什么|哪)(?:个|一)?类(?:型)?(?:的)?|(?:达标|达到|够)(?:了)?(?:伐|吗|没|没有|么|勿)?|"
                       rf"(?:物力|人力|智力|宣传|组织|文化){{2,}}(?:各|分别)?(?:多少|几条|几个)?(?:条)?|各镇(?:各)?(?:多少|几条|几个)?|(?:各|分别)?(?:占|占了|占到)?(?:{SHARE_ASKED})"
                       r"(?:是)?(?:多少|几)?(?:呢|啊)?)$")


def _modifiers_joined(pieces: list[str]) -> list[str]:
    joined: list[str] = []
    for piece in pieces:
        if joined and _MODIFIER.match(piece):
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


# The programme's own words contain 城/社区/村 and must not read as places; nor must the type names.
_PROGRAMME_WORDS = ("城乡社区", "城市社区", "农村社区", "社区分类", "分类共建", "分类治理", "试点社区", "试点村",
                    "社区建设", "社区治理", "社区干部", "村干部", "社区居民", "社区工作")


def _not_places() -> re.Pattern:
    type_words = [alias for alias, _ in type_aliases() if re.search("社区|村|城", alias)]
    return re.compile("|".join(map(re.escape, sorted({*_PROGRAMME_WORDS, *type_words}, key=lambda word: (-len(word), word)))))


_NOT_PLACES = _not_places()
_ELSEWHERE = re.compile(r"上海|苏州市?区?|昆山|常熟|张家港|南京|无锡|北京|杭州|嘉定|宝山|吴江|吴中|相城|姑苏")
_UNKNOWN_PLACE = re.compile(r"([\u4e00-\u9fa5]{2,4}?)(社区|村)(?![民委])")
# Characters a real village or community name does not start or end with, but a question does
# (有多少村, 全市哪些村, 还有几个社区).
_NOT_A_NAME = re.compile(r"[多少几哪些有还市镇全各每个是的了们这那本伲咱什么啥其他别所都搞按条分排]")
_GENERIC = re.compile(r"^(我们|本|伲|咱们|这个|那个|哪个|哪些|各个|每个|全部|所有|其他|别的|整个|有几个|几个|多少个?|一个)")


def _places(plain: str, gazetteer: Gazetteer):
    """Town, community (official name), ambiguous candidates and an unknown place name."""
    # 全市社区 is no 东市社区; "南区社区居民" keeps its 南区社区 (the words are taken out only beside the names)
    named = sorted((m.start, m.end) for m in gazetteer.mentions(plain) if m.label == "community")
    cleaned = re.sub(_CITY, "，", _outside_names(_NOT_PLACES, plain, named))
    cleaned = re.sub(f"{OWN_COMMUNITY_WORDS}|{OWN_TOWN_WORDS}", "，", cleaned)  # "阿是试点阿拉村": 阿拉村 is 我们村
    resolution = gazetteer.resolve(cleaned)
    literal_towns = [t for t in gazetteer.towns if any(name in cleaned for name in (t.name, *t.aliases))]
    # A town read from a homophone (刘河镇) needs the word 镇 beside it; "啥" alone is not 沙溪.
    spelled_as_town = bool(re.search(r"[\u4e00-\u9fa5]{2}镇", cleaned))
    town = resolution.town.name if resolution.town and (literal_towns or spelled_as_town) else None
    if resolution.status == "found" or (resolution.status == "suggest" and len(resolution.candidates) == 1):
        chosen = resolution.community or resolution.candidates[0]
        return chosen.town, chosen.name, (), None
    if resolution.status in ("ambiguous", "suggest"):
        return town, None, tuple(c.name for c in resolution.candidates), None
    named = _common_stem_named(cleaned, gazetteer, town) or _town_name_again(cleaned, gazetteer, town)
    if len(named) == 1:
        return named[0].town, named[0].name, (), None
    if named:
        return town, None, tuple(c.name for c in named), None  # "闸北是试点吗": 浏河镇闸北社区 or 城厢镇闸北村?
    elsewhere = _ELSEWHERE.search(cleaned)
    if elsewhere and town is None:
        return None, None, (), elsewhere.group(0)
    for match in _UNKNOWN_PLACE.finditer(cleaned):
        if not _GENERIC.match(match.group(0)) and not _NOT_A_NAME.search(match.group(1)) and town is None:
            return None, None, (), match.group(0)
    return town, None, (), None


def _outside_names(pattern: re.Pattern, text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        out += [pattern.sub("，", text[at:start]), text[start:end]]
        at = end
    return "".join(out) + pattern.sub("，", text[at:])


def _town_name_again(cleaned: str, gazetteer: Gazetteer, town: str | None) -> list:
    """"浮桥镇的浮桥": the town's short name said again after the town is its community of that name."""
    if town is None or not town.endswith("镇"):
        return []
    short = town[:-1]
    if cleaned.count(short) < 2:  # "双凤去年…" names the town once, by its short name
        return []
    return [c for c in gazetteer.communities_in(town) if c.stem == short]


def _common_stem_named(cleaned: str, gazetteer: Gazetteer, town: str | None) -> list:
    """A bare name that is also an everyday word (闸北, 胜利), said as the subject of a question."""
    for stem in sorted(gazetteer.common_stems, key=len, reverse=True):
        if re.search(rf"(?:^|[，,]){stem}(?=是|有|算|呢|阿是|吗|现在|目前|村|社区)", cleaned):
            found = [c for c in gazetteer.communities if c.stem == stem and (town is None or c.town == town)]
            if found:
                return found
    return []


_CATALOG_WORDS = r"需求|诉求|资源|项目|反映|志愿|问题|目录|清单|满意率|满意度|解决率|响应率|办结率|签收率|重办率|回访|重办|超期|逾期|办结|先治理|待治理"
_REGISTRY_WORDS = rf"{_PILOT_WORD}|{_COVERAGE_WORD}|分类|分好类|类型|牵头|[36]0[%％]"  # "离60%还差几个": the target


_UNITS = re.compile(r"(?:多少|几)个?(?:村(?!民)|社区)(?!.*(?:需求|资源|项目))|(?:村|社区)(?:一共|总共|共)?有?(?:多少|几)个?[？?]?$")


def _settle_intent(plain: str, intent: str) -> str:
    """The two question intents overlap; the words decide when only one kind is named."""
    if intent == CATALOG_INTENT and _UNITS.search(plain) and not re.search(_CATALOG_WORDS, plain):
        return PILOT_INTENT  # "我们新城一共几个社区": the official list, not the catalog
    if intent == CATALOG_INTENT and re.search(_REGISTRY_WORDS, plain) and not re.search(_CATALOG_WORDS, plain):
        return PILOT_INTENT
    if intent == CATALOG_INTENT and find_type(plain) and not re.search(_CATALOG_WORDS, plain):
        return PILOT_INTENT  # "全市动迁安置社区有哪些", "沙溪登记成老街巷个有哪几个": the registry's communities of that type
    if intent == PILOT_INTENT and re.search(_CATALOG_WORDS, plain) and not re.search(_REGISTRY_WORDS, plain):
        return CATALOG_INTENT
    if intent == PILOT_INTENT and "资源" in plain and not re.search(rf"{_PILOT_WORD}|{_COVERAGE_WORD}", plain):
        return CATALOG_INTENT  # "镇上资源按类型分": the resource list's types, not the community types
    return intent


def _topic(plain: str, intent: str) -> str:
    lowered = plain.lower()
    for topic, pattern in _RULES.get(intent, ()):
        if re.search(pattern, lowered):
            return topic
    return "pilots" if intent == PILOT_INTENT else "needs"


def asks_for_a_report(text: str) -> bool:
    """"中期评估报告 开发区", "出个月报": a report asked for by its name alone, no question word needed."""
    return re.search(f"{SUMMARY_ASKED}|{MID_TERM}", re.sub(r"\s+", "", text or "")) is not None

def guess_intent(text: str) -> str | None:
    """For a question the classifier was unsure of: which kind of figure it asks for, if any."""
    plain = re.sub(r"\s+", "", text or "")
    if re.search(rf"{_PILOT_WORD}|{_COVERAGE_WORD}|牵头|分类|类型|哪类村|啥个村|算啥|达标|[36]0[%％]的?目标", plain) or _UNITS.search(plain):
        return PILOT_INTENT
    if asks_for_a_report(plain) or RANK_OF.search(plain):  # "中期评估报告 开发区", "在浏河镇排第几"
        return CATALOG_INTENT
    if re.search(r"需求|诉求|反映|资源|项目|待治理|先治理|满意率|满意度|解决率|办结率|签收率|响应率|重办|超期|逾期|新报|报上来|新增|"
                 r"办结|办完|没办|未办|处理完|几条|哪几条|[急难愁盼](?:的|个)(?:有|是|几|多少|按|里)|回访|超时|没人管|没人接|等了好久|等得最久|"
                 r"按(?:各)?(?:村|社区|村社区|维度|类别)(?:来)?(?:分|统计|排|列)", plain):
        return CATALOG_INTENT
    return None
