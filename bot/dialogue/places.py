"""The gazetteer as the reader needs it: is there a place in these words, and which."""

from __future__ import annotations

from dataclasses import dataclass

from bot.needs.describe import PROBLEM, another_matter, description_from_message, is_a_problem
from bot.places.gazetteer import Gazetteer
from bot.vocab.categories import keyword_category


@dataclass(frozen=True)
class GazetteerPlaces:
    gazetteer: Gazetteer

    def place_in(self, text: str) -> str | None:
        """The words themselves when they name a community (or a town), for the form to resolve."""
        resolution = self.gazetteer.resolve(text, answering=True)
        if resolution.status == "not_found":
            return None
        if resolution.status == "suggest" and self.town_in(text):
            return None  # "范围就城厢镇": a town named plainly, not a misspelt community
        if resolution.status == "found" and resolution.community is not None:
            return resolution.community.name
        return text

    def communities_in(self, text: str) -> list[str]:
        """Every community the words name plainly (official names, in the order said, each once)."""
        named = [m.official for m in sorted(self.gazetteer.mentions(text or ""), key=lambda m: m.start)
                 if m.label == "community" and m.official]
        return list(dict.fromkeys(named))

    def towns_in(self, text: str) -> list[str]:
        """Every town the words name plainly, in the order said, each once."""
        named = [m.official for m in sorted(self.gazetteer.mentions(text or ""), key=lambda m: m.start)
                 if m.label == "town" and m.official]
        return list(dict.fromkeys(named))

    def town_in(self, text: str) -> str | None:
        mentions = self.gazetteer.mentions(text or "")
        if any(m.label == "community" for m in mentions):
            return None
        town = next((m.official for m in mentions if m.label == "town"), None)
        if town:
            return town
        resolution = self.gazetteer.resolve(text)
        return resolution.town.name if resolution.status == "town_only" and resolution.town else None

    def forms_of(self, official_name: str) -> tuple[str, ...]:
        community = self.gazetteer.community(official_name or "")
        if community is None:
            return ()
        return tuple(dict.fromkeys((*community.forms(), community.stem)))

    def town_of(self, official_name: str) -> str | None:
        community = self.gazetteer.community(official_name or "")
        return community.town if community else None

    def common_name(self, official_name: str) -> str | None:
        community = self.gazetteer.community(official_name or "")
        return community.common_name if community else None

    def describes(self, text: str) -> bool:
        """The words describe a problem (a thing and what is wrong with it), not just a place or a word."""
        if description_from_message(text, self.gazetteer) is None:
            return False
        return bool(keyword_category(text) or PROBLEM.search(text))

    def is_another_problem(self, text: str, than: str) -> bool:
        """A problem of its own that is not more about `than` (a different dimension, surely)."""
        return is_a_problem(text, self.gazetteer) and (not than or another_matter(than, text, strict=True))

    def without_places(self, text: str) -> str:
        """The words left when the towns and communities they name are taken out."""
        kept, at = [], 0
        for mention in sorted(self.gazetteer.mentions(text or ""), key=lambda m: m.start):
            if mention.start >= at:
                kept.append(text[at:mention.start])
                at = mention.end
        return "".join(kept) + (text or "")[at:]
