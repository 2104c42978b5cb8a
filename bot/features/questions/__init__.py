"""Whatever no other feature took: typed questions (searched), greetings and thanks, unknown commands, and
messages that are not a question (photos, stickers, forwards) or buttons nobody knows.

Uses features: safety, scenarios.
"""
