"""Places: the gazetteer of Taicang's towns and communities."""

from bot.places.gazetteer import Community, Gazetteer, Mention, Resolution, Town

__all__ = ["Community", "Gazetteer", "Mention", "Resolution", "Town"]
