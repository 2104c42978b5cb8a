"""Quizzes: /quiz, a scenario's self-check, mixes, answering, results and retakes; the quiz engine homework starts.

Uses features: scenarios.
"""
