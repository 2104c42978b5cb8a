"""Pledges («Тимуровцы»): a student promises to help people register on Gosuslugi, gets a help link for each, and
the pledge is confirmed when the helped person makes it through the account scenario.

Uses features: members, reminders, scenarios.
"""
