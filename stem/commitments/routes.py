"""routes views (in progress)."""
