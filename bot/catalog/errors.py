"""The one error the catalog's services raise for a request they cannot carry out."""


class CatalogError(ValueError):
    """A request the catalog cannot carry out; the message is safe to show a user."""
