"""Monthly rounds: schedule, invitations and reminders, the scheduler job, staff pages, contact requests, cli."""
