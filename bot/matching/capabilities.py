"""What a need requires and what a resource can do, read from their words (bot/data/capabilities.yml).

A word of the vocabulary is found in a text as written or by its sound, since voice input types homophones
(电题 for 电梯, 充电庄 for 充电桩). The longest word found wins where two overlap, so 卫生室 (a clinic) is not
also read as 卫生 (cleaning). Capabilities travel with a need's or resource's keywords as tags (TAG + name), so
the catalog's keyword index finds them without reading texts again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml
from pypinyin import lazy_pinyin

TAG = "能:"  # prefix of a capability among keywords; no jieba token starts with it
KIND_TAG = "类:"  # prefix of a kind of help (修理安装, 教学培训, …) among keywords
LESSON = "教学培训"  # the kind of help that is a lesson


@dataclass(frozen=True)
class Vocabulary:
    synonyms: tuple[tuple[str, str], ...]
    need_words: dict[str, frozenset[str]]  # word -> capabilities a need saying it requires
    trade_words: dict[str, frozenset[str]]  # word -> capabilities an offer saying it provides
    topic_words: dict[str, frozenset[str]]  # word -> capabilities an offer provides when it also says a service
    services: tuple[str, ...]
    selling: tuple[str, ...]
    giving: tuple[str, ...]
    faults: dict[str, tuple[str, ...]]
    need_kinds: dict[str, tuple[str, ...]]
    offer_kinds: dict[str, tuple[str, ...]]
    need_sounds: dict[tuple[str, ...], frozenset[str]]
    trade_sounds: dict[tuple[str, ...], frozenset[str]]
    topic_sounds: dict[tuple[str, ...], frozenset[str]]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(resources.files("bot").joinpath("data/capabilities.yml").read_text(encoding="utf-8"))
    need: dict[str, set[str]] = {}
    trade: dict[str, set[str]] = {}
    topic: dict[str, set[str]] = {}
    for name, entry in raw["capabilities"].items():
        for words, lists in ((need, ("words", "need")), (trade, ("offer",)), (topic, ("words",))):
            for key in lists:
                for word in entry.get(key, ()):
                    words.setdefault(str(word), set()).add(name)
    synonyms = tuple(sorted(((str(k), str(v)) for k, v in raw.get("synonyms", {}).items()), key=lambda kv: -len(kv[0])))
    return Vocabulary(
        synonyms,
        _frozen(need),
        _frozen(trade),
        _frozen(topic),
        tuple(str(s) for s in raw["services"]),
        tuple(str(w) for w in raw["selling"]),
        tuple(str(w) for w in raw["giving"]),
        {fault: tuple(str(w) for w in words) for fault, words in raw["faults"].items()},
        {kind: tuple(str(w) for w in entry["need"]) for kind, entry in raw["kinds"].items()},
        {kind: tuple(str(w) for w in entry["offer"]) for kind, entry in raw["kinds"].items()},
        _by_sound(need),
        _by_sound(trade),
        _by_sound(topic),
    )


def _frozen(words: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {w: frozenset(c) for w, c in words.items()}


def _by_sound(words: dict[str, set[str]]) -> dict[tuple[str, ...], frozenset[str]]:
    # One-character words are matched as written only: a single syllable has too many homophones.
    sounds: dict[tuple[str, ...], set[str]] = {}
    for word, names in words.items():
        if len(word) > 1 and GAP not in word:
            sounds.setdefault(tuple(syllables(word)), set()).update(names)
    return {s: frozenset(n) for s, n in sounds.items()}


@lru_cache(maxsize=1)
def _spellings() -> dict[tuple[str, ...], frozenset[str]]:
    """Sound -> the vocabulary's words with that sound, whichever list they are in."""
    vocab = vocabulary()
    spelled: dict[tuple[str, ...], set[str]] = {}
    for words in (vocab.need_words, vocab.trade_words, vocab.topic_words):
        for word in words:
            if len(word) > 1:
                spelled.setdefault(tuple(syllables(word)), set()).add(word)
    return {s: frozenset(w) for s, w in spelled.items()}


def _partly_written(written: str, sound: tuple[str, ...]) -> bool:
    """Voice input mistypes a character or two of a word (电题, 充电庄, 雪压), and keeps the rest; a string
    sharing no character with any word of that sound is other words that happen to sound alike (鸡就开始叫 is no
    急救, 常年 no 唱念)."""
    return any(not set(written).isdisjoint(word) for word in _spellings().get(sound, ()))


def syllables(text: str) -> list[str]:
    """One item per character: its pinyin without tone, or the character itself."""
    return lazy_pinyin(text, errors=lambda chunk: list(chunk))


_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def normalized(text: str) -> str:
    """Dialect and spoken forms in their written form; spaces between Chinese words (voice input) removed."""
    text = _SPACED.sub("", text)
    for spoken, written in vocabulary().synonyms:
        text = text.replace(spoken, written)
    return text


def required(text: str) -> frozenset[str]:
    """The capabilities a need's description asks for."""
    vocab = vocabulary()
    return _read(normalized(text or ""), vocab.need_words, vocab.need_sounds)


def offered(text: str) -> frozenset[str]:
    """The capabilities a resource's description offers."""
    vocab = vocabulary()
    text = normalized(text or "")
    if paid(text):
        return frozenset()
    found = _spans(text, vocab.trade_words, vocab.trade_sounds)
    if any(service in text for service in vocab.services):
        # one reading of both lists, so a longer trade word hides a topic word inside it (卫生院 is no 卫生)
        found += _spans(text, vocab.topic_words, vocab.topic_sounds)
    return _longest_first(found)


# A price ("99元一台", "十二块一荤两素") says an offer is paid for: no evidence for a need, though a volunteer
# who asks 5块 for materials is still welcome to offer it (actions.resources.is_advert reads selling only).
_PRICE = re.compile(r"\d+\s*(?:元|块|钿)|[一二两三四五六七八九十百千万]+(?:元|块钱|块一)|元一[台次个位]")


def selling(text: str) -> bool:
    """An offer to sell, with nothing given."""
    vocab = vocabulary()
    return any(w in text for w in vocab.selling) and not _gives(text)


def paid(text: str) -> bool:
    """Selling, or naming a price with nothing given."""
    return selling(text) or (bool(_PRICE.search(text)) and not _gives(text))


def _gives(text: str) -> bool:
    return any(w in text for w in vocabulary().giving)


def faults(text: str) -> frozenset[str]:
    """What a report says is wrong (坏了, 脏臭, 钱, 开放时间, …)."""
    return _longest_first(_written(normalized(text or ""), _fault_words()))


@lru_cache(maxsize=1)
def _fault_words() -> dict[str, frozenset[str]]:
    """Word -> the fault it says; read longest first like capabilities, so 没声音 (broken) hides 声音."""
    words: dict[str, set[str]] = {}
    for fault, listed in vocabulary().faults.items():
        for word in listed:
            words.setdefault(word, set()).add(fault)
    return _frozen(words)


def kinds_needed(text: str) -> frozenset[str]:
    return _longest_first(_written(normalized(text or ""), _kind_words("need")))


def kinds_offered(text: str) -> frozenset[str]:
    return _longest_first(_written(normalized(text or ""), _kind_words("offer")))


@lru_cache(maxsize=2)
def _kind_words(side: str) -> dict[str, frozenset[str]]:
    """Word -> the kinds of help it says, read longest first like capabilities: 走不动 (care) hides 不动 (a repair)."""
    listed = vocabulary().need_kinds if side == "need" else vocabulary().offer_kinds
    words: dict[str, set[str]] = {}
    for kind, kind_words in listed.items():
        for word in kind_words:
            words.setdefault(word, set()).add(kind)
    return _frozen(words)


def evidence(required_: frozenset[str], offered_: frozenset[str], needed_kinds: frozenset[str],
             offered_kinds: frozenset[str]) -> frozenset[str]:
    """The capabilities that make a pair strong: required and offered, the kinds of help not at odds."""
    if needed_kinds and offered_kinds and needed_kinds.isdisjoint(offered_kinds):
        return frozenset()
    if needed_kinds == {LESSON} and LESSON not in offered_kinds:
        return frozenset()  # to be taught asks for a teacher: a troupe that performs it teaches no one
    return required_ & offered_


def searchable(words) -> list[str]:
    """The words a record is looked up by: content words and capabilities, not kinds of help (too common)."""
    return [w for w in words if not w.startswith(KIND_TAG)]


def is_tag(word: str) -> bool:
    return word.startswith(TAG) or word.startswith(KIND_TAG)


def tags(names: frozenset[str], prefix: str = TAG) -> list[str]:
    return [prefix + name for name in sorted(names)]


def of(keywords: frozenset[str], prefix: str = TAG) -> frozenset[str]:
    """The capabilities (or kinds, by prefix) among a need's or resource's keywords."""
    return frozenset(k[len(prefix):] for k in keywords if k.startswith(prefix))


def _read(text: str, words: dict[str, frozenset[str]], sounds: dict[tuple[str, ...], frozenset[str]]) -> frozenset[str]:
    return _longest_first(_spans(text, words, sounds))


def _spans(text: str, words: dict[str, frozenset[str]],
           sounds: dict[tuple[str, ...], frozenset[str]]) -> list[tuple[int, int, frozenset[str]]]:
    """Where the words of a list are found, as written or by sound."""
    found = _written(text, words)
    spoken = syllables(text)
    if len(spoken) == len(text):  # the sound of each character lines up with it
        edges = _word_edges(text)
        found += [(start, end, names) for start, end, names in _sounded(spoken, sounds)
                  if (start in edges or end in edges) and not _a_word_of_its_own(text[start:end])
                  and _partly_written(text[start:end], tuple(spoken[start:end]))]
    return found


def _word_edges(text: str) -> set[int]:
    """Where jieba's words start and end: a mistyped word still starts or ends where a word does (充电庄坏了 is
    cut 充电/庄坏/了), while a sound across two words is no word at all (心里发毛 does not say 理发)."""
    import jieba

    edges, at = {0}, 0
    for word in jieba.cut(text):
        at += len(word)
        edges.add(at)
    return edges


COMMON_WORD = 10  # jieba's count from which a written word is a word of its own (午睡 61, 大棚 59), no mistyped homophone (电题 0, 水笼头 2)


def _a_word_of_its_own(written: str) -> bool:
    """Voice input mistypes a word as a rare string (电题, 充电庄); a common word that only sounds like a word
    of the vocabulary means itself (愿意 is willing, not 园艺)."""
    return _dictionary().get(written, 0) >= COMMON_WORD


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    import jieba

    jieba.dt.initialize()
    return jieba.dt.FREQ


GAP = "…"  # "讲了…不听": two pieces of a phrase with a few words between them, within one clause
_GAP_WORDS = r"[^，,。！!？?；;]{0,8}?"


@cache
def _gapped(word: str) -> re.Pattern:
    return re.compile(_GAP_WORDS.join(re.escape(piece) for piece in word.split(GAP)))


def _written(text: str, words: dict[str, frozenset[str]]) -> list[tuple[int, int, frozenset[str]]]:
    found = []
    for word, names in words.items():
        if GAP in word:  # "讲了好几回不听" says "讲了…不听"
            found += [(m.start(), m.end(), names) for m in _gapped(word).finditer(text)]
            continue
        start = text.find(word)
        while start >= 0:
            found.append((start, start + len(word), names))
            start = text.find(word, start + 1)
    return found


def _sounded(spoken: list[str], sounds: dict[tuple[str, ...], frozenset[str]]) -> list[tuple[int, int, frozenset[str]]]:
    found = []
    lengths = sorted({len(s) for s in sounds})
    for start in range(len(spoken)):
        for length in lengths:
            if start + length > len(spoken):
                break  # a slice cut short by the end of the text is no word of that length
            names = sounds.get(tuple(spoken[start:start + length]))
            if names:
                found.append((start, start + length, names))
    return found


def _longest_first(found: list[tuple[int, int, frozenset[str]]]) -> frozenset[str]:
    """Capabilities of the words found, dropping a word that lies inside a longer one found."""
    kept: list[tuple[int, int]] = []
    names: set[str] = set()
    for start, end, caps in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in kept):
            continue
        kept.append((start, end))
        names |= caps
    return frozenset(names)
