"""Updates answered before any feature sees them: a group or channel the bot was added to, a button pressed in
another chat, and a person sending too fast (the core's middlewares let only these through).

Uses features: nothing.
"""
