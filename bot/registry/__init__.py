"""The pilot registry: community types, pilots, lead types, and progress against the plan."""
