"""Block Kit views: pure functions from domain objects to what people see in Slack."""
