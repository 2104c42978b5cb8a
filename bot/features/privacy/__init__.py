"""Personal data: recognising it in typed text, /privacy, /mydata and /forget.

Uses features: scenarios.
"""
