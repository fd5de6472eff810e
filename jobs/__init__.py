"""Scheduled work: plain functions of (session, Slack client, now) that APScheduler or cron triggers."""
