"""附议 on plain text: the same problem in other words, never another spot or another fault."""

import pytest

from bot.matching.duplicates import SAME_ENOUGH, read, same_problem


@pytest.mark.parametrize("first, second", [
    ("3号楼后面绿化带里的垃圾一个礼拜没人扫了", "3号楼后头绿化带里垃圾堆了好多天了没人来扫"),
    ("十二栋二单元电梯又坏了", "12幢2单元的电题坏特了，关了人"),  # numerals, 栋/幢, a homophone
    ("小区东门路灯不亮", "东门口那盏路灯黑特了，夜里看不见"),
])
def test_the_same_problem_in_other_words(first, second):
    assert same_problem(read(first), read(second)) >= SAME_ENOUGH


@pytest.mark.parametrize("first, second", [
    ("3号楼电梯坏了", "5号楼电梯坏了"),  # another building
    ("7号楼1单元电梯坏了", "7号楼2单元电梯坏了"),  # another unit
    ("东门路灯不亮了", "西门路灯不亮了"),  # another side
    ("车棚的充电桩坏了，充不进电", "车棚的充电桩收费太贵了"),  # another fault
    ("小区门口路灯不亮", "楼下下水道堵了"),  # another job
])
def test_another_spot_fault_or_job_is_another_problem(first, second):
    assert same_problem(read(first), read(second)) < SAME_ENOUGH


def test_the_place_every_report_names_is_not_what_makes_two_alike():
    places = ("城厢镇", "城厢", "南园社区", "南园")
    first = read("城厢镇南园社区门口的下水道堵了好几天了，很急", places)
    second = read("城厢镇南园社区楼道的灯坏了，很急", places)
    assert same_problem(first, second) < SAME_ENOUGH


@pytest.mark.parametrize("first, second, same_spot", [
    ("23幢到26幢都没有楼道长", "廿三幢到廿六幢都没楼长", True),
    ("十二栋的电梯", "12号楼的电梯", True),
    ("十二栋的电梯", "21号楼的电梯", False),
])
def test_building_numbers_are_read_however_written(first, second, same_spot):
    from bot.matching.duplicates import different_spot

    assert different_spot(read(first), read(second)) is not same_spot


@pytest.mark.parametrize("first, second", [
    ("村里广播喇叭坏了没声音", "村里广播喇叭声音太大吵死人"),  # 没声音 is broken, not noise
    ("7幢楼下路灯坏了，晚上不亮", "7幢楼下那盏路灯白天也亮着，一天到夜不关"),  # always on
    ("学校后门那段路一下雨就积水", "学校前门那段路一下雨就积水"),  # another door
    ("3号楼门口井盖坏了很危险", "3号楼门口井盖被偷了很危险"),  # the danger rides beside what is wrong
])
def test_what_is_wrong_tells_two_reports_on_one_thing_apart(first, second):
    assert same_problem(read(first), read(second)) == 0


def test_a_danger_said_beside_the_same_fault_keeps_the_reports_one_problem():
    assert same_problem(read("3号楼门口井盖坏了很危险"), read("3号楼门口井盖碎了，走路要当心，太危险")) >= SAME_ENOUGH

