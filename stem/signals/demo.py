"""Demo data for signals (loaded by `stem demo`)."""


def load_signal_demo(accounts) -> None:
    """Add demo signals; idempotent. `accounts` are the demo users from stem.core.demo."""
