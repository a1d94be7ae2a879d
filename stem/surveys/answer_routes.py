"""answer routes views (in progress)."""
