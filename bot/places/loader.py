"""Loading the gazetteer with what jieba knows about everyday words."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.places.gazetteer import Gazetteer, split_official_name

# A bare stem that jieba's own dictionary counts at least this often (胜利, 东方, 绿化, 东区) is more
# often that word than the community, so it names the community only as a whole answer.
COMMON_WORD_FREQUENCY = 20


def common_word_stems(stems: Iterable[str]) -> frozenset[str]:
    """Stems that jieba's own dictionary knows as everyday words.

    Read from jieba's dictionary file rather than its live table, which user dictionaries
    (ours included) change.
    """
    import jieba

    wanted = set(stems)
    common = set()
    with jieba.get_dict_file() as handle:
        for raw in handle:
            word, freq, *_ = raw.decode("utf-8").split(" ")
            if word in wanted and int(freq) >= COMMON_WORD_FREQUENCY:
                common.add(word)
    return frozenset(common)


# An everyday two-character word ending in a stem's first character, counted at least this often (水泥 for 泥桥),
# marks the stem inside it as no place.
WORD_INTO_STEM_FREQUENCY = 300


def words_into_stems(stems: Iterable[str]) -> frozenset[str]:
    """Everyday two-character words whose second character begins a two-character stem ("水泥" into 泥桥)."""
    import jieba

    firsts = {stem[0] for stem in stems if len(stem) == 2}
    words = set()
    with jieba.get_dict_file() as handle:
        for raw in handle:
            word, freq, *_ = raw.decode("utf-8").split(" ")
            if len(word) == 2 and word[1] in firsts and int(freq) >= WORD_INTO_STEM_FREQUENCY:
                words.add(word)
    return frozenset(words)


@lru_cache(maxsize=4)
def load_gazetteer(csv_path: Path) -> Gazetteer:
    import csv

    with open(csv_path, encoding="utf-8", newline="") as handle:
        stems = [split_official_name(row["name"].strip())[0] for row in csv.DictReader(handle)]
    return Gazetteer.from_csv(csv_path, common_stems=common_word_stems(stems), words_into_stems=words_into_stems(stems))
