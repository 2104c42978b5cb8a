"""Checks the project runs in CI besides its tests."""
