"""The life of a match between a need and a resource, with the words cadres see for each status.

proposed (weak ones are shown as 可能相关) → confirmed by a cadre → in_progress → done; closed at any step,
with a reason. Only strong proposals and cadre-confirmed matches make a need 先治理.
"""

PROPOSED = "proposed"
CONFIRMED = "confirmed"
IN_PROGRESS = "in_progress"
DONE = "done"
CLOSED = "closed"

ACTIVE_MATCHES = (PROPOSED, CONFIRMED, IN_PROGRESS)
AT_WORK = (CONFIRMED, IN_PROGRESS)  # a cadre has taken the match on
MATCH_FLOW = {
    PROPOSED: (CONFIRMED, CLOSED),
    CONFIRMED: (IN_PROGRESS, CLOSED),
    IN_PROGRESS: (DONE, CLOSED),
    DONE: (),
    CLOSED: (),
}
MATCH_LABELS = {PROPOSED: "待确认", CONFIRMED: "已确认", IN_PROGRESS: "实施中", DONE: "已完成", CLOSED: "已关闭"}
CADRE_STEPS = tuple(status for status in MATCH_FLOW if status != PROPOSED)  # what a cadre may set
