"""rounds routes views (in progress)."""
