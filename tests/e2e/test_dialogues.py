"""A share of the simulated-conversation suite, played through the real servers and judged by the catalog.

The whole suite (bench/conversations) runs in `make bench`; here every eighth conversation, so a
regression in how messages are read shows up in `make test`. The same conversations with their
words replaced by gibberish must fail: the verdict comes from what the assistant read.
"""

import random

import pytest

from bench.dialogues import load_suite, play_all

pytestmark = pytest.mark.e2e

SUBSET = load_suite()[::8]
# The share that must succeed: a guard against regressions, well below the bench's 95% target
# (this subset measured 31 of 43 when it was written); gibberish gives none.
REQUIRED = 0.65


def test_most_simulated_conversations_end_with_the_right_record(servers, e2e_database):
    outcomes = play_all(servers.rasa_url, e2e_database, SUBSET, workers=2)
    failed = [f"{o.id}: {'; '.join(o.problems)}" for o in outcomes if not o.ok]
    assert len(SUBSET) >= 40
    assert (len(outcomes) - len(failed)) / len(outcomes) >= REQUIRED, "\n".join(failed)


def _gibberish(text: str, rng: random.Random) -> str:
    return "".join(rng.choice("asdfghjklqwertyuiopzxcvbnm") for _ in range(max(4, len(str(text)) // 2)))


def test_the_same_conversations_in_gibberish_fail(servers, e2e_database):
    rng = random.Random(13)
    scrambled = []
    for conversation in [c for c in SUBSET if c["expect"].get("record") in ("need", "resource")][:6]:
        answers = {k: (v if k in ("need_category", "resource_type", "provider_type") else _gibberish(v, rng))
                   for k, v in (conversation.get("answers") or {}).items()}
        scrambled.append({**conversation, "id": f"{conversation['id']}-gibberish",
                          "opening": _gibberish(conversation["opening"], rng), "answers": answers,
                          "interject": [{**i, "text": _gibberish(i["text"], rng)} for i in conversation.get("interject") or []]})
    outcomes = play_all(servers.rasa_url, e2e_database, scrambled, workers=2)
    assert scrambled and not any(o.ok for o in outcomes)
