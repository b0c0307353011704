"""Integrations with outside systems (integrationer), e.g. Kolada's open key-figure database.

Not a Django app yet: it holds clients only. The sync that writes outcomes (utfall) from these
clients lives with the follow-up code and calls them.
"""
