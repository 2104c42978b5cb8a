"""/coordinators: an administrator invites coordinators with a single-use link and revokes them.

Uses features: members.
"""
