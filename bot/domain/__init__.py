"""Open Door's rules in plain Python: offers, requests, visits, notifications. No Slack here."""
