"""Who belongs where: groups and their members (the rows), coordinators and administrators, and who may manage a
group. No router: the features that show groups use it.

Uses features: nothing.
"""
