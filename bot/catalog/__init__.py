"""The catalogs: database models, the unit of work, and seeding from the gazetteer."""
