"""Homework: a coordinator sets a quiz for a group with a deadline; students get it, take it and see their
standing; the coordinator reads the results and their CSV file.

Uses features: members, quizzes, reminders, scenarios.
"""
