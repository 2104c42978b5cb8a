"""/language: Russian or English.

Uses features: scenarios.
"""
