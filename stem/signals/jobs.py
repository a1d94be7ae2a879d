"""Scheduled jobs (registered with stem.notify.scheduler.register_job when imported)."""
