"""«Нужна помощь»: a person who answers the follow-up «Получилось?» with it reaches a person. With their consent, the
student who pledged to help them (they came by that student's help link) or else their group's coordinator gets a
message through the outbox: which guide and step they are stuck at, and what to do next. With nobody to ask, or
when they would rather not, the person is told where to get help offline and the official lines.

Uses features: members, pledges, reminders, scenarios.
"""
