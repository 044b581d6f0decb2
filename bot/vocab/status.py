"""The life of a need in the catalog, with the words residents see for each status.

received → acknowledged (签收: the community has taken it) → contacted (响应: the resident was called or
visited) → in_progress → done or closed (办结, closed with the reasons); a resident who says it is not
solved reopens it (重办). Each step is kept in the need's history with who and when.
"""

RECEIVED = "received"
ACKNOWLEDGED = "acknowledged"
CONTACTED = "contacted"
IN_PROGRESS = "in_progress"
DONE = "done"
CLOSED = "closed"
REOPENED = "reopened"

STATUS_LABELS = {
    RECEIVED: "已受理，等待社区处理",
    ACKNOWLEDGED: "已签收，社区会联系您",
    CONTACTED: "已联系，正在安排",
    IN_PROGRESS: "处理中",
    DONE: "已解决",
    CLOSED: "已关闭",
    REOPENED: "重新处理中",
}

OPEN_STATUSES = (RECEIVED, ACKNOWLEDGED, CONTACTED, IN_PROGRESS, REOPENED)
FINISHED_STATUSES = (DONE, CLOSED)
ALL_STATUSES = tuple(STATUS_LABELS)
AWAITING_ACKNOWLEDGEMENT = (RECEIVED,)
AWAITING_CONTACT = (RECEIVED, ACKNOWLEDGED)
# Open needs as an SQL literal, so SQLite can use the partial indexes written with the same words.
OPEN_SQL = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
