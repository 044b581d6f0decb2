""""哪些需求等得最久还没有资源": the longest waiting first, by when each need was filed, not by its number
(needs imported from a ledger or queued while the catalog was down are numbered after later ones)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.figures import Area, oldest_pending
from bot.needs.service import NeedDraft, file_need

FILED_ON = ["2026-11-20", "2025-01-10", "2026-06-01", "2024-03-15", "2026-11-30"]  # in the order numbered


def test_the_longest_waiting_needs_come_first_whatever_their_numbers(catalog, gazetteer):
    here = gazetteer.communities_in("沙溪镇")
    for i, day in enumerate(FILED_ON):
        file_need(catalog, NeedDraft(here[i % 3].name, f"第{i}件事 路灯坏了没人修", "基础设施提升", "难", None,
                                     f"resident-{i}", f"key-wait-{i}"),
                  received_at=datetime.fromisoformat(f"{day} 10:00") - timedelta(hours=8))
    today = date(2026, 12, 5)
    for area in (Area(town="沙溪镇"), Area()):
        waited = [brief.days_waiting for brief in oldest_pending(catalog, area, 3, today)]
        expected = sorted(((today - date.fromisoformat(day)).days for day in FILED_ON), reverse=True)[:3]
        assert waited == expected
