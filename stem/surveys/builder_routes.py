"""builder routes views (in progress)."""
