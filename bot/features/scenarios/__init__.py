"""Life situations: the scenario files as models and their validator, walking a scenario step by step (journey),
the menu (/start, /menu, /cancel), the summary card, and the search over the library.

Uses features: nothing.
"""
