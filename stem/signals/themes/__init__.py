"""The themes signals are filed under: the list, and the admin pages that manage it."""
