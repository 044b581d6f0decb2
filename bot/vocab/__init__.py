"""The vocabularies: each reads one reviewed file in bot/data/ and is the only place its words are known.

Need dimensions (categories.yml), urgency (urgency.yml), need statuses, the eight community types
(community_types.yml) and what resources and providers are called (resources.yml). These modules import
nothing from bot/, so every layer above may use them.
"""
