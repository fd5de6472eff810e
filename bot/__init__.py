"""Open Door: a Slack bot that gets teachers into each other's classrooms."""
