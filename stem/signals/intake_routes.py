"""intake routes views (in progress)."""
