"""Safety first: personal data typed into the chat is deleted with a warning, and the scam checker.

Uses features: privacy, scenarios.
"""
