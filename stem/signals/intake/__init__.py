"""Reporting a signal: the form, its files, the confirmation, and the submitters' own pages."""
