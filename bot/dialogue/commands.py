"""What a message asks of the conversation: the commands the reader gives the actions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SetField:
    """A field answered, or corrected (the old value denied or "改成…"); guessed when the words only
    lean towards a value and the person must be told what was taken."""

    field: str
    value: str
    corrected: bool = False
    guessed: bool = False


@dataclass(frozen=True)
class AskAgain:
    """A field named as wrong without a usable new value: ask it again, never guess."""

    field: str


@dataclass(frozen=True)
class AddDetail:
    """Words that answer no field: they belong to the description, never dropped."""

    text: str


@dataclass(frozen=True)
class AnotherProblem:
    """A second matter raised in the middle of a report: filed on its own once this one is done."""

    text: str


@dataclass(frozen=True)
class KeepApart:
    """Matters said together, asked to be kept apart ("这两桩事体分开记"): this report takes the first, the
    others are filed after it; count: how many the person said there are."""

    count: int | None = None


@dataclass(frozen=True)
class Confirm:
    pass


@dataclass(frozen=True)
class Cancel:
    """This report withdrawn; everything: also what was kept for after it ("全部删掉", "都不要了")."""

    everything: bool = False


@dataclass(frozen=True)
class ClarifyCancel:
    """It may be a cancel, or may not: ask, never throw a report away on a guess."""


@dataclass(frozen=True)
class HandOff:
    """A person asked for in so many words."""


@dataclass(frozen=True)
class AskStatus:
    """A question about an earlier report."""


@dataclass(frozen=True)
class Aside:
    """A question or a courtesy that answers nothing (faq, greet, thank, ask_help)."""

    intent: str


@dataclass(frozen=True)
class AnswerQuestion:
    """A question about the service asked beside an answer ("…修路灯要收钞票伐", "啥人来处理个"): answered in a
    line of its own, never written into the description."""

    topic: str  # cost, who, reported_before, contact, other
    asked: str = ""  # the question's own words, for a topic with no answer of its own


@dataclass(frozen=True)
class NeedsToHelp:
    """A volunteer asking which needs their help fits ("有没有人需要我帮忙"): no report or offer of its own; the
    draft open is set aside and the matches answered."""


@dataclass(frozen=True)
class Hold:
    """A moment asked for ("等等 我再想想"): nothing changed, nothing added; resumed: the moment over ("还是报吧")."""

    resumed: bool = False


@dataclass(frozen=True)
class Unclear:
    """Nothing in the message could be read for this conversation."""


Command = (SetField | AskAgain | AddDetail | AnotherProblem | KeepApart | Confirm | Cancel | ClarifyCancel | HandOff
           | AskStatus | Aside | AnswerQuestion | Hold | NeedsToHelp | Unclear)
