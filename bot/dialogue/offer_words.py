"""What an offer's words say it offers: the announcement, who is speaking and their name are no part of it."""

from __future__ import annotations

import re

from bot.dialogue.values import organisation_in
from bot.places import Gazetteer

# Words of an offer to help that say nothing of what is offered ("我想出份力", "想当志愿者")
OFFER_FILLERS = re.compile(r"我们|我|伲|阿拉|也|想|要|愿意|可以|报名|参加|加入|当|做|成为|一名|一个|个|志愿者|义工|志愿|"
                           r"出份力|出一份力|出点力|出力|帮忙|帮帮忙|献爱心|为|给|社区|村里|村|大家|一下|点|的|了|啊|呀|吧|，|。|\s")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "想登记一下", "我想做点好事", "有啥我好帮忙的伐": the offer announced, no word of it
_ANNOUNCED = re.compile(r"^(?:你好|您好|侬好)?[，,\s]*(?:我|伲|阿拉|我们)?(?:也)?(?:想|要|来)?(?:登记|报名)(?:一下|下)?[。，,！!\s]*$|"
                        r"^(?:你好|您好|侬好)?[，,\s]*(?:我|伲|阿拉|我们)?(?:也)?(?:想|要|来)(?:登记|报名)(?:一下|下)(?:帮忙|出份力)?\s+|"
                        r"(?:想|要)(?:做|行)(?:点|些)?(?:好事|善事|公益)|有啥(?:我|伲|阿拉)?(?:好|能|可以)帮(?:忙)?(?:的|格|个)?(?:伐|吗|么|哇)?|"
                        r"^(?:哦|噢|对了)?[，,\s]*(?:还有|另外还有|另外|再有)(?:一)?(?:桩|件|个)(?:事体|事情|事)[，,。\s]*$")
# "阿拉是城厢镇卫生院", "我是南园社区这里个物业公司": who is speaking, said before what they offer
_WHO_SPEAKS = re.compile(r"^(?:我|伲|阿拉|我们)(?:们)?(?:是|这里是|这边是|住|住在|家住|家在)")
_CAN_DO = re.compile(r"会|能|可以|帮|提供|教|修|免费|义务|出|借|送|陪|上门|派")
# "我是县人民医院的护士": who speaks, by a trade that is what they offer
_TRADE = re.compile(r"护士|医生|大夫|老师|教师|律师|电工|会计|司机|厨师|理发|木匠|瓦工|水电工|工程师|社工|咨询师|护工|裁缝|保安")
_NAME_CLAUSE = re.compile(r"^(?:我|伲)?(?:姓[\u4e00-\u9fff](?:叫[\u4e00-\u9fff]{2,3})?|叫[\u4e00-\u9fff]{2,3})$|"
                          r"^(?:你|侬)?(?:就|都)?(?:叫|喊)我[\u4e00-\u9fff]{1,4}?(?:就行了?|就好了?|好了|好嘞|就可以了?|吧)?$")


def bare_offer(text: str) -> bool:
    """"我想出份力": an offer with no word of what it is."""
    return len(_CJK.findall(OFFER_FILLERS.sub("", text or ""))) < 2


def offer_words(text: str, gazetteer: Gazetteer) -> str:
    """The words of what is offered: clauses that only announce the offer, say who speaks or give a name are left
    out, when what is left still says something ("我想出份力。我退休前是电工…" keeps "我退休前是电工…")."""
    clauses = [_without_announcement(c) for c in _pieces(_said_in_one_breath(text or "", gazetteer)) if c.strip()]
    kept = [c for c in clauses if not _no_part_of_it(c.strip(" ，,。；;！!"), gazetteer)]
    words = "".join(kept).strip(" ，,。；;")
    return words if len(_CJK.findall(words)) >= 4 else (text or "")


def _without_announcement(clause: str) -> str:
    """"我是退休电工 想做点好事 帮老人家修修电灯插座" said in one breath: the announcement left out, not the clause."""
    found = _ANNOUNCED.search(clause)
    if not found:
        return clause
    rest = re.sub(r"\s{2,}", " ", clause[:found.start()] + clause[found.end():])
    return rest if not bare_offer(rest) else clause


def _pieces(text: str) -> list[str]:
    """The clauses, a note in brackets kept whole ("（联系：工会办公室座机，0512-…）" is one piece, never its number
    cut off as a clause of no words)."""
    pieces, depth, start = [], 0, 0
    for at, ch in enumerate(text):
        depth += 1 if ch in "（(" else -1 if ch in "）)" and depth else 0
        if depth == 0 and ch in "，,。；;！!":
            pieces.append(text[start:at + 1])
            start = at + 1
    return pieces + [text[start:]]


_NAME_SAID = re.compile(r"(?:我|伲)姓[\u4e00-\u9fff][，,\s]*(?:叫|名字叫|全名叫)[\u4e00-\u9fff](?:(?![我会是住在有的今明电手号])[\u4e00-\u9fff]){1,2}")
_GREETING = re.compile(r"^(?:你好|您好|侬好|喂)[，,！!\s]*")


def _said_in_one_breath(text: str, gazetteer: Gazetteer) -> str:
    """"你好我是浏河镇新塘村的我姓李叫李秀英我会唱…": the greeting, where they live and their name, said without a
    pause before what they offer, left out like the clauses that say only that."""
    text = _NAME_SAID.sub("，", _GREETING.sub("", text))
    for mention in sorted(gazetteer.mentions(text), key=lambda m: m.start, reverse=True):
        around = re.search(rf"(?:我|伲|阿拉)(?:是|住|住在|家住)?(?:[\u4e00-\u9fff]{{0,4}})?{re.escape(mention.text)}"
                           r"(?:[\u4e00-\u9fff]{0,3}?(?:的|个|格|人))(?=我|伲|阿拉|，|,|\s)", text)
        if around:
            text = text[:around.start()] + "，" + text[around.end():]
    return text.strip("，, ")


def _no_part_of_it(clause: str, gazetteer: Gazetteer) -> bool:
    if not clause:
        return True
    if bare_offer(clause) or _ANNOUNCED.search(clause) or _NAME_CLAUSE.match(clause):
        return True
    named = organisation_in(clause)
    if named and len(_CJK.findall(clause.replace(named, ""))) <= 2:
        return True  # "太仓安居物业": the unit's name alone, which its own field holds
    places = [m.text for m in gazetteer.mentions(clause)]
    bare = re.sub("|".join(map(re.escape, places)), "", clause) if places else clause
    if _WHO_SPEAKS.match(clause) and not _CAN_DO.search(bare) and not _TRADE.search(bare):
        return bool(named or places or re.search(r"公司|单位|学校|医院|卫生院|物业", clause))
    return False
