"""Staff triage: the inbox, one signal's page, merging, replies, similar signals and history."""
