"""A part of the cadre-question suite (bench/cadres) through the real servers, checked against SQL counts.

The whole suite runs in `make bench`; these sequences cover each shape of answer: counts and
percentages, gaps, lists behind their own "查看完整名单" button, yes/no first, rankings, shared
names asked back, several parts in one message, and follow-ups by ellipsis.
"""

from __future__ import annotations

import pytest

from bench.cadres import fixture
from bench.cadres.suite import load_suite, play_sequence, roster_text
from bench.cadres.truth import Truth
from bot.places.loader import load_gazetteer
from bot.servers import free_port, start
from tests.e2e.conftest import MODEL, PROFILE

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(PROFILE == "prod", reason="the suite's own SQLite catalog")]

SUBSET = (
    "f001", "f003", "f004", "f016", "f020", "f026", "f028", "f032",  # follow-ups: place, time, target, type, dimension, tier, catalog
    "c002", "c013", "c030", "c037", "c075", "c085",  # catalogs: state, lists behind their button, a village cadre
    "r016", "r020", "r021", "r040", "r045", "r047", "r061", "r065", "r087", "r109",  # registry: yes/no, gaps, shared names
)


@pytest.fixture(scope="module")
def suite_servers(tmp_path_factory, base_settings):
    work = tmp_path_factory.mktemp("cadre-suite")
    database = f"sqlite:///{work / 'catalog.db'}"
    fixture.build(database, load_gazetteer(base_settings.places_csv))
    sequences = [s for s in load_suite() if s["id"] in SUBSET]
    (work / "roster.yml").write_text(roster_text(sequences), encoding="utf-8")
    running = start(MODEL, {"DATABASE_URL": database, "ROSTER_FILE": str(work / "roster.yml"),
                            "OUTBOX_PATH": str(work / "outbox.db")},
                    rasa_port=free_port(), action_port=free_port(), log_dir=work / "logs")
    truth = Truth(database)
    yield running.rasa_url, truth, {s["id"]: s for s in sequences}
    truth.close()
    running.stop()


@pytest.mark.parametrize("sequence_id", SUBSET)
def test_a_cadre_gets_the_figure_in_the_shape_asked(suite_servers, sequence_id):
    rasa_url, truth, sequences = suite_servers
    outcome = play_sequence(rasa_url, sequences[sequence_id], truth)
    wrong = [f"{t.said} → {t.reply!r}: {t.failed}" for t in outcome.turns if t.failed]
    assert not wrong, "\n".join(wrong)


def test_the_same_conversation_in_gibberish_fails(suite_servers):
    """The answers come from reading the words: gibberish in the cadre's place gets no right figure."""
    rasa_url, truth, sequences = suite_servers
    garbled = {**sequences["f004"], "id": "f004-gibberish",
               "turns": [{**turn, "say": "啵叽咕噜嘶哈" * (i + 1)} for i, turn in enumerate(sequences["f004"]["turns"])]}
    assert not play_sequence(rasa_url, garbled, truth).ok
