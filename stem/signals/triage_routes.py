"""triage routes views (in progress)."""
