"""Projects: one per need, priority when a resource serves it, pending when none does yet."""
