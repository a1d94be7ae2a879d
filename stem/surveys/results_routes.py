"""results routes views (in progress)."""
