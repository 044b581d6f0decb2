"""The read model: queries that only read the catalogs, page by page and within a reader's scope.

The dashboard, the JSON API, the Excel export and the cadres' answers read through here; nothing in this
package writes, and the services below it never import it.
"""
