"""theme routes views (in progress)."""
