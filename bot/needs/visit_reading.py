"""Reading a resident's answer to a call-back (回访) in their own words.

One message may answer several questions at once ("来过哉，修好哉，蛮满意") or only the one asked ("有",
"勿曾"). Residents seldom say "解决了": they tell what changed ("螺丝拧紧了，不晃了") or what did not ("还是
臭"). Each clause is read with the word lists of bot/data/visit_words.yml:

- contacted: someone came or called ("来看过的", "电话里讲过的"), or nobody did ("没人找过我");
- solved: said outright; a problem that persists ("还是", "照样", "又…") or a fix denied ("还没拆") is not
  solved; a fix done ("铺平了", "割掉了"), a problem state denied ("不晃了", "没漏") or a good state ("亮了",
  "好用哉") is;
- satisfaction: its words, the worst level said winning; kind words and complaints together are 基本满意.

A clause that answers whether they were contacted or whether it is solved is not read for satisfaction ("修好
了" is no praise). When nothing in the message answers any question, it is read for the question just asked:
a bare yes or no, or — for the question asked — the mood of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.text import halfwidth_letters_and_digits

_WORDS = Path(__file__).resolve().parent.parent / "data" / "visit_words.yml"
QUESTIONS = ("contacted", "solved", "satisfaction")
LEVELS = ("不满意", "基本满意", "满意")  # looked for in this order: each contains the next's words
_CLAUSES = re.compile(r"[\s，。,.!！?？~～、；;…]+|但是|可是|不过|就是说|只是|就是")
_ENDED = r"(?:了|哉|啦|咯|格|额|的|呀)"
QUESTION = re.compile(r"[?？]|吗|啥|什么|怎么|怎样|哪能|几时|多少|哪里|哪个|为啥|为什么|辰光|伐$|么$")
GUESSED_UP_TO = 24  # characters: a longer message answering nothing outright is about something else


@dataclass(frozen=True)
class VisitReading:
    contacted: bool | None = None
    solved: bool | None = None
    satisfaction: str | None = None
    declined: bool = False
    # Read from the mood of a sentence answering nothing outright: another matter may be what it is about.
    guessed: bool = False
    # The words raise another matter ("我要反映…", "还有一桩事体…"), or tell of a problem ("窨井盖翘起来哉").
    other_matter: bool = False
    problem_told: bool = False
    question: bool = False  # asked something ("体检啥辰光开始"): not an answer

    @property
    def answered(self) -> tuple[str, ...]:
        return tuple(q for q in QUESTIONS if getattr(self, q) is not None)


@dataclass(frozen=True)
class _Words:
    nobody: re.Pattern
    contact: re.Pattern
    said_solved: re.Pattern
    said_unsolved: re.Pattern
    persisting: re.Pattern
    fix_denied: re.Pattern
    fix_done: re.Pattern
    problem_ended: re.Pattern
    no_longer: re.Pattern
    good_state: re.Pattern
    now_state: re.Pattern
    levels: dict[str, re.Pattern]
    complaints: re.Pattern
    negation: re.Pattern
    bare_yes: re.Pattern
    bare_no: re.Pattern
    decline: re.Pattern
    other_matter: re.Pattern
    problem_state: re.Pattern


@lru_cache(maxsize=1)
def _words() -> _Words:
    raw = yaml.safe_load(_WORDS.read_text(encoding="utf-8"))
    neg, fixing, done = raw["negation"], raw["fixing"], raw["done"]
    states, persistence = raw["problem_states"], raw["persistence"]
    return _Words(
        nobody=re.compile(raw["contacted"]["nobody"]),
        contact=re.compile(raw["contacted"]["contact"].replace("{fixing}", fixing)),
        said_solved=re.compile(raw["solved"]["yes"]),
        said_unsolved=re.compile(raw["solved"]["no"]),
        persisting=re.compile(f"{persistence}|又(?:{states}|不|没|出|开始|回来|老样子|发)"),
        # "还没拆", "没人管", "勿曾修": a fix not done
        fix_denied=re.compile(f"{neg}(?:人|有|再|去|来|曾){{0,2}}{fixing}"),
        # "修好了", "铺平了", "割掉了"; "重新粉过了", "已经换了": the fix done
        fix_done=re.compile(f"{fixing}(?:得|了)?{done}|(?:已经|都|重新|全部|终于|总算|早就){fixing}.{{0,3}}(?:了|过|哉)"
                            f"|{fixing}(?:了|过|好)?.{{0,2}}新"),
        # "不晃了", "没漏", "勿滴哉": the problem over
        problem_ended=re.compile(f"{neg}(?:再|会|大)?{states}"),
        # "水不冲墙了": no longer so
        no_longer=re.compile(f"{neg}(?!行|好|灵|来事|管用|顶用|像样)[\\u4e00-\\u9fff]{{1,3}}(?:了|哉|啦)$"),
        good_state=re.compile(f"{raw['good_states']}{_ENDED}?"),
        now_state=re.compile(raw["now_state"]),
        levels={level: re.compile("|".join(f"(?:{w})" for w in raw["satisfaction"][level])) for level in LEVELS},
        complaints=re.compile(raw["complaints"]),
        negation=re.compile(neg),
        bare_yes=re.compile(raw["bare_yes"]),
        bare_no=re.compile(raw["bare_no"]),
        decline=re.compile(raw["decline"]),
        other_matter=re.compile(raw["other_matter"]),
        problem_state=re.compile(states),
    )


def read_visit_answer(text: str, asked: str | None) -> VisitReading:
    """What the message answers; `asked` is the question open when it came (contacted, solved, satisfaction)."""
    text = halfwidth_letters_and_digits(text or "").strip()
    words = _words()
    if words.decline.search(text):
        return VisitReading(declined=True)
    found: dict[str, bool | str] = {}
    complained = False
    for clause in (c for c in _CLAUSES.split(text) if c):
        answered_here = False
        for question, value in (("contacted", _contacted(words, clause)), ("solved", _solved(words, clause))):
            if value is not None:
                answered_here = True
                if question not in found or value is False:
                    found[question] = value  # a "no" anywhere outweighs a "yes": the resident is complaining
        level = None if answered_here and asked != "satisfaction" else _level(words, clause)
        if level is not None and LEVELS.index(level) <= LEVELS.index(str(found.get("satisfaction", "满意"))):
            found["satisfaction"] = level
        complained = complained or (not answered_here and words.complaints.search(clause) is not None)
    if found.get("satisfaction") == "满意" and complained:
        found["satisfaction"] = "基本满意"  # "态度蛮好，就是慢": praise with a complaint
    guessed = False
    if asked in QUESTIONS and asked not in found and len(text) <= GUESSED_UP_TO:
        value, guessed = _for_the_question_asked(words, text, asked)
        if value is not None:
            found[asked] = value
    return VisitReading(found.get("contacted"), found.get("solved"), found.get("satisfaction"), guessed=guessed,
                        other_matter=words.other_matter.search(text) is not None,
                        problem_told=words.problem_state.search(text) is not None,
                        question=len(text) >= 4 and QUESTION.search(text) is not None)


def _contacted(words: _Words, clause: str) -> bool | None:
    if words.nobody.search(clause):
        return False
    return True if words.contact.search(clause) else None


def _solved(words: _Words, clause: str) -> bool | None:
    if words.said_unsolved.search(clause) or words.persisting.search(clause) or words.fix_denied.search(clause):
        return False
    if words.said_solved.search(clause) or words.fix_done.search(clause) or words.problem_ended.search(clause):
        return True
    if words.no_longer.search(clause):
        return True
    if (words.good_state.search(clause) or words.now_state.search(clause)) and not words.negation.search(clause):
        return True
    return None


def _level(words: _Words, clause: str) -> str | None:
    for level in LEVELS:
        if words.levels[level].search(clause):
            return level
    return None


def _for_the_question_asked(words: _Words, text: str, asked: str) -> tuple[bool | str | None, bool]:
    """A bare yes or no to the question asked; else the sentence's mood, marked as a guess."""
    plain = re.sub(r"[\s，。,.!！?？~～、]+", "", text)
    for piece in [plain] + [c for c in _CLAUSES.split(text) if c]:  # "嗯 有的 那个供电所…来的": its "有的"
        if words.bare_no.search(piece):
            return ("不满意" if asked == "satisfaction" else False), False
        if words.bare_yes.search(piece):
            return ("满意" if asked == "satisfaction" else True), False
    if asked == "satisfaction":
        mood = _mood(words, text)
        return mood, mood is not None
    # "打过的", "水压上来了": a statement of something done, with no "no" in it, answers yes
    if re.search(r"过|了|哉|啦", plain) and not (words.negation.search(plain) or words.persisting.search(plain)):
        return True, True
    return None, False


def _mood(words: _Words, text: str) -> str | None:
    """Satisfaction from the sentence as a whole: the worst level said; praise with a complaint is 基本满意."""
    levels = [level for level in LEVELS if words.levels[level].search(text)]
    if not levels:
        return "不满意" if words.complaints.search(text) else None
    if levels[0] == "满意" and words.complaints.search(text):
        return "基本满意"
    return levels[0]
