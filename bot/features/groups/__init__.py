"""Groups: /groups, making one (name → join code, link and QR code), the coordinator's card and its actions,
joining with a code or link, leaving. The card shows the members' pledges and the group's homework.

Uses features: homework, members, pledges, scenarios.
"""
