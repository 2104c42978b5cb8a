"""/coordinators: an administrator invites coordinators with a single-use link and revokes them (asked first; the
person is told through the outbox).

Uses features: members, reminders.
"""
