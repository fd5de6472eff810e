"""The outbox: every message Open Door owes, sent once, whatever Slack answers.

The domain writes what is owed (`bot/domain/outbox.py`) in the same transaction as its cause.
This package sends it: `kinds` is the registry of every kind of message (its key's shape, when it
goes stale, and how it is rendered, including the rule that says it is no longer worth sending),
`dispatcher` runs passes that claim what is due (`claims`) and send it (`sending`), `verdicts`
judges Slack's answers, `pacing` keeps to Slack's rate limits ahead of time, `delivery` makes
the one Slack call (looking first when a previous try may have gone out) and `runner` runs the
one dispatcher a process has.
"""
