"""Groups: /groups, making one (name → join code, link and QR poster), the coordinator's card and its actions,
joining with a code or link (under the name the member chooses for the coordinator, if they do), leaving. The card
shows the members' pledges and the group's homework.

Uses features: homework, members, pledges, scenarios.
"""
