"""Statistics: /stats for coordinators and administrators, by period, with a chart, a CSV file and yearly goals;
the weekly digest.

Uses features: reminders, scenarios.
"""
