"""What the class did today, for its coordinator: who joined, who finished a homework, whose pledge was confirmed
(it worked on Gosuslugi for a person a student helped). At most one short message a day of each kind, at 18:00 in
the group's time zone, through the outbox (quiet hours, opt-outs: each kind is a family of its own in /settings,
shown to staff only). Nothing happened: no message. No router: it answers hooks and writes letters.

Uses features: members, pledges, reminders, stats.
"""
