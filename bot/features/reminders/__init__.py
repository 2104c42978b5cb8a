"""Scheduled messages: the outbox and its sender (quiet hours, rate, retries), visit reminders, the follow-up
«Получилось?» after a scenario, and /settings (time zone, which kinds of messages a person gets).

Uses features: members, scenarios.
"""
