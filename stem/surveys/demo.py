"""Demo data for surveys (loaded by `stem demo`)."""


def load_survey_demo(accounts) -> None:
    """Add demo surveys; idempotent. `accounts` are the demo users from stem.core.demo."""
