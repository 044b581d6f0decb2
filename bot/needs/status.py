"""The life of a need in the catalog, with the words residents see for each status."""

RECEIVED = "received"
IN_PROGRESS = "in_progress"
DONE = "done"
CLOSED = "closed"
REOPENED = "reopened"

STATUS_LABELS = {
    RECEIVED: "已受理，等待社区处理",
    IN_PROGRESS: "处理中",
    DONE: "已解决",
    CLOSED: "已关闭",
    REOPENED: "重新处理中",
}

OPEN_STATUSES = (RECEIVED, IN_PROGRESS, REOPENED)
FINISHED_STATUSES = (DONE, CLOSED)
ALL_STATUSES = tuple(STATUS_LABELS)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
