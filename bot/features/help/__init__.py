"""/help: what the bot is, what it is not, and its commands.

Uses features: nothing.
"""
