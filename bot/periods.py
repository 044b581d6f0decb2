"""Time words in cadres' questions: 今年, 去年, 2022年底, 上个月, 最近一周, 截至2023年6月30日.

A Period is a span of China-time days [start, end), with start None meaning "from the
beginning"; a point in time ("2022年底", "截至上个月底") is a period with no start, and its
last day is the "as of" date for the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DIGITS = str.maketrans("零〇一二两三四五六七八九", "00122345678" + "9")
_NUMBER = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "半": 0}


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date  # exclusive
    label: str  # how the answer names it: 2022年底, 上个月（2026年10月）

    @property
    def as_of(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def is_point(self) -> bool:
        return self.start is None


DaySpan = tuple[date | None, date | None]  # China-time days [start, end); None: unbounded


def whole_months(start: date | None, end: date | None) -> tuple[DaySpan | None, list[DaySpan]]:
    """[start, end) as the whole months it covers ([first of a month, first of a month), or None when it covers
    none) and the days of the months it cuts, so counters kept per month are read for the months only."""
    first = start if start is None or start.day == 1 else next_month(start)
    last = None if end is None else end.replace(day=1)
    if first is not None and last is not None and first >= last:
        return None, [(start, end)]
    days = [(start, first)] if start is not None and start < first else []
    days += [(last, end)] if end is not None and last < end else []
    return (first, last), days


def next_month(day: date) -> date:
    """The first day of the month after day's."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _year_words(text: str) -> str:
    """二零二二年 → 2022年 (only four-digit years written in Chinese numerals)."""
    return re.sub(r"[零〇一二三四五六七八九]{4}(?=年)", lambda m: m.group(0).translate(_DIGITS), text)


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def _small_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in _NUMBER:
        return _NUMBER[word]
    if len(word) == 2 and word[0] == "十":
        return 10 + _NUMBER.get(word[1], 0)
    return None


_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}


def _relative_dates(text: str, today: date) -> str:
    """明年1月1日 → 2027年1月1日, 今年3月 → 2026年3月: a month or a day then reads as a date."""
    return re.sub(r"(前年|去年|今年|明年|后年)(?=\d{1,2}月|[一二三四五六七八九十]{1,2}月|上半年|下半年|底|年底|年末|第?[一二三四1-4]季度)",
                  lambda m: f"{today.year + _RELATIVE_YEARS[m.group(1)]}年", text)


def parse_period(text: str, today: date) -> Period | None:
    """The period a question names, or None when it names none."""
    t = _year_words(text or "").replace(" ", "")
    t = re.sub(r"旧年|上年(?![底末度])", "去年", t)  # Wu and written forms of 去年
    t = re.sub(r"(?<![年今去前明后])(上半年|下半年)", r"今年\1", t)  # 下半年 alone is this year's
    t = re.sub(r"(?<![一二三四五六七八九零〇])二([一二三四五六七八九零〇])年",
               lambda m: f"202{'零〇一二三四五六七八九'.index(m.group(1)) - 1 if m.group(1) not in '零〇' else 0}年", t)
    t = re.sub(r"(?<![\d])(1[5-9]|2\d)年(?!级)", r"20\1年", t)  # 22年底, 二三年 as cadres say them
    t = re.sub(r"迭个|搿个|格个|该个", "这个", t)  # Wu "this": 迭个月, 迭个季度
    t = _relative_dates(t, today)
    t = t.replace("年年底", "年底").replace("年年末", "年末").replace("年年初", "年初")
    for parser in (_months, _since, _explicit_day, _year_month, _quarter, _year, _ago, _relative_year, _relative_month, _recent, _week,
                   _day, _year_end, _lately):
        found = parser(t, today)
        if found is not None:
            return found
    return None


# Days people count from: "国庆以后", "元旦以来", "五一之后"
_HOLIDAYS = {"国庆节": (10, 1), "国庆": (10, 1), "十一": (10, 1), "元旦": (1, 1), "五一": (5, 1), "劳动节": (5, 1)}
_SINCE = re.compile(r"(?:(20\d\d)年|(今年|去年))?(?:(?P<holiday>国庆节|国庆|元旦|五一|劳动节)|(?P<month>\d{1,2}|[一二三四五六七八九十]{1,2})月份?"
                    r"(?:(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?)(?:以后|以来|之后|开始|起|到现在|到今天|至今|到目前)")
# "7月到9月", "七月份至九月份": the months from the one to the other
_MONTHS = re.compile(r"(?:(20\d\d)年|(今年|去年))?(?P<first>\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:到|至|—|-|~|～)"
                     r"(?P<last>\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:底|末)?")


def _months(t: str, today: date) -> Period | None:
    m = _MONTHS.search(t)
    if not m:
        return None
    first, last = _small_number(m.group("first")), _small_number(m.group("last"))
    if not first or not last or not 1 <= first < last <= 12:
        return None
    year = int(m.group(1)) if m.group(1) else today.year - (1 if m.group(2) == "去年" else 0)
    if not m.group(1) and not m.group(2) and date(year, first, 1) > today:
        year -= 1
    end = min(_month_end(year, last), today + timedelta(days=1))
    return Period(date(year, first, 1), end, f"{year}年{first}月至{last}月")


def _since(t: str, today: date) -> Period | None:
    """"国庆以后", "10月1号以后", "十月份以来": from that day up to today."""
    m = _SINCE.search(t)
    if not m:
        return None
    if m.group("holiday"):
        month, day = _HOLIDAYS[m.group("holiday")]
    else:
        month, day = _small_number(m.group("month")), _small_number(m.group("day")) if m.group("day") else 1
    if not month or not day or month > 12:
        return None
    year = int(m.group(1)) if m.group(1) else today.year - (1 if m.group(2) == "去年" else 0)
    try:
        start = date(year, month, day)
    except ValueError:
        return None
    if start > today and not m.group(1) and not m.group(2):
        start = start.replace(year=year - 1)  # "国庆以后" in February: last October
    if start > today:
        return None
    return Period(start, today + timedelta(days=1), f"{start.year}年{start.month}月{start.day}日以来")


def _explicit_day(t: str, today: date) -> Period | None:
    m = re.search(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?", t)
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return Period(None, day + timedelta(days=1), f"截至{day.year}年{day.month}月{day.day}日")


def _year_month(t: str, today: date) -> Period | None:
    m = re.search(r"(?:(20\d\d)年|(今年|去年))?(\d{1,2}|[一二三四五六七八九十]{1,2})月份?(底|末)?", t)
    if not m or (m.group(1) is None and m.group(2) is None and not re.search(r"\d{1,2}月|[一二三四五六七八九十]月", t)):
        return None
    month = _small_number(m.group(3))
    if not month or month > 12:
        return None
    year = int(m.group(1)) if m.group(1) else today.year - (1 if m.group(2) == "去年" else 0)
    if m.group(1) is None and m.group(2) is None and date(year, month, 1) > today:
        year -= 1  # "3月" in November means this year's March; in January, last year's
    start, end = date(year, month, 1), _month_end(year, month)
    if m.group(4) or _until(t):
        return Period(None, end, f"截至{year}年{month}月底")
    return Period(start, end, f"{year}年{month}月")


def _until(t: str) -> bool:
    return bool(re.search(r"截至|截止|为止|之前|以前|到(?=20|今|上|本|这|\d)", t))


def _year(t: str, today: date) -> Period | None:
    m = re.search(r"(20\d\d)年?(年底|年末|底|末|年初|初|全年|一年|上半年|下半年)?", t)
    if not m:
        return None
    year, tail = int(m.group(1)), m.group(2) or ""
    if tail in ("年初", "初"):
        return Period(None, date(year, 1, 2), f"{year}年初")
    if tail in ("年底", "年末", "底", "末") or _until(t):
        return Period(None, date(year + 1, 1, 1), f"截至{year}年底")
    if tail == "上半年":
        return Period(date(year, 1, 1), date(year, 7, 1), f"{year}年上半年")
    if tail == "下半年":
        return Period(date(year, 7, 1), date(year + 1, 1, 1), f"{year}年下半年")
    return Period(date(year, 1, 1), date(year + 1, 1, 1), f"{year}年")


def _relative_year(t: str, today: date) -> Period | None:
    m = re.search(r"(今年|本年度?|去年|上一?年|前年|明年)(年底|年末|底|年初|初|以来|来|全年)?", t)
    if not m:
        return None
    if m.group(1) == "明年":
        year = today.year + 1
        return Period(date(year, 1, 1), date(year + 1, 1, 1), f"{year}年")
    if re.search(r"(去年|上一?年)(这个时候|同期|这时候|此时)", t):
        day = _year_ago(today)  # the same stretch of last year: from its first day to this day a year ago
        return Period(date(day.year, 1, 1), day + timedelta(days=1), f"去年同期（{day.year}年1月1日到{day.month}月{day.day}日）")
    offset = {"今年": 0, "本年": 0, "本年度": 0, "去年": 1, "上年": 1, "上一年": 1, "前年": 2}[m.group(1)]
    year = today.year - offset
    if m.group(2) in ("年底", "年末", "底"):
        return Period(None, date(year + 1, 1, 1), f"截至{year}年底")
    if m.group(2) in ("年初", "初"):
        return Period(None, date(year, 1, 2), f"{year}年初")
    end = min(date(year + 1, 1, 1), today + timedelta(days=1))
    label = f"{year}年" + ("以来" if offset == 0 else "")
    return Period(date(year, 1, 1), end, label)


def _relative_month(t: str, today: date) -> Period | None:
    m = re.search(r"(这个月|这月|本月|上上个?月|上个月|上月|上一个月)(底|末)?", t)
    if not m:
        return None
    first = today.replace(day=1)
    if m.group(1).startswith("上上"):
        first = (first - timedelta(days=1)).replace(day=1)
    if m.group(1) in ("这个月", "这月", "本月"):
        return Period(first, today + timedelta(days=1), f"本月（{today.year}年{today.month}月）")
    start = (first - timedelta(days=1)).replace(day=1)
    if m.group(2) or _until(t):
        return Period(None, first, f"截至{start.year}年{start.month}月底")
    word = "上上个月" if m.group(1).startswith("上上") else "上个月"
    return Period(start, first, f"{word}（{start.year}年{start.month}月）")


def _recent(t: str, today: date) -> Period | None:
    m = re.search(r"(?:最近|近|过去|这)(\d{1,3}|[一二两三四五六七八九十半]{1,2})个?(天|日|周|星期|礼拜|月|年)", t)
    if not m:
        return None
    number = _small_number(m.group(1))
    unit = m.group(2)
    if number is None:
        return None
    if m.group(1) == "半":
        days = 182 if unit == "年" else 15
    else:
        days = number * {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}[unit]
    if days <= 0:
        return None
    return Period(today - timedelta(days=days - 1), today + timedelta(days=1), f"最近{m.group(1)}{'个' if unit in ('月', '星期', '礼拜') else ''}{unit}")


def _week(t: str, today: date) -> Period | None:
    m = re.search(r"(这周|本周|这个?星期|这个?礼拜|上周|上个?星期|上个?礼拜)", t)
    if not m:
        return None
    monday = today - timedelta(days=today.weekday())
    if m.group(1).startswith(("这", "本")):
        return Period(monday, today + timedelta(days=1), "本周")
    return Period(monday - timedelta(days=7), monday, "上周")


def _day(t: str, today: date) -> Period | None:
    if "今天" in t or "今日" in t or "今朝" in t:  # 今朝: today, in Wu
        return Period(today, today + timedelta(days=1), "今天")
    if "昨天" in t or "昨日" in t:
        return Period(today - timedelta(days=1), today, "昨天")
    if re.search(r"到目前为止|到现在|目前|现在|眼下|当前|截至今天|至今", t):
        return Period(None, today + timedelta(days=1), "截至今天")
    return None


def _year_end(t: str, today: date) -> Period | None:
    if re.search(r"年底|年末|年终", t):
        return Period(None, date(today.year + 1, 1, 1), f"截至{today.year}年底")
    return None


def _lately(t: str, today: date) -> Period | None:
    if re.search(r"最近|近期|近来|这段时间|这几天|这阵子", t):
        days = 7 if "这几天" in t else 30
        return Period(today - timedelta(days=days - 1), today + timedelta(days=1), f"最近{days}天")
    return None


def _year_ago(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _ago(t: str, today: date) -> Period | None:
    """三个月前, 半年前, 两周前: the state on that day."""
    m = re.search(r"(\d{1,3}|[一二两三四五六七八九十半]{1,2})个?(天|周|星期|礼拜|月|年)(前|以前|之前)", t)
    if not m:
        return None
    number = _small_number(m.group(1))
    if number is None:
        return None
    unit = m.group(2)
    if m.group(1) == "半":
        days = 182 if unit == "年" else 15
    else:
        days = number * {"天": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "年": 365}[unit]
    day = _months_back(today, number) if unit == "月" and m.group(1) != "半" else today - timedelta(days=days)
    return Period(None, day + timedelta(days=1), f"{m.group(0)}（{day.year}年{day.month}月{day.day}日）")


def _months_back(today: date, months: int) -> date:
    """三个月前 on 27 November is 27 August (the same day, or the month's last day)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    last = (_month_end(year, month) - timedelta(days=1)).day
    return date(year, month, min(today.day, last))


def _quarter(t: str, today: date) -> Period | None:
    m = re.search(r"(?:(20\d\d)年)?(本|这个?|上个?|第?([一二三四1-4]))季度", t)
    if not m:
        return None
    current = (today.month - 1) // 3
    if m.group(3):
        index = "一二三四".find(m.group(3)) if m.group(3) in "一二三四" else int(m.group(3)) - 1
        year = int(m.group(1)) if m.group(1) else today.year if index <= current else today.year - 1
    elif m.group(2).startswith("上"):
        index, year = (current - 1) % 4, today.year - (1 if current == 0 else 0)
    else:
        index, year = current, today.year
    start = date(year, index * 3 + 1, 1)
    end = min(_month_end(year, index * 3 + 3), today + timedelta(days=1))
    return Period(start, end, f"{year}年第{'一二三四'[index]}季度")
