"""Follow-up (uppföljning): outcomes, assessments and roll-up of a plan during the year.

Tertialrapport 1 (per 30 april, with a full-year forecast), tertialrapport 2 (per 31 augusti)
and verksamhetsberättelse (per 31 december). Only the decided rules exist so far, as pure
functions in :mod:`verksam.followup.rules`; models, actions and views come later. The app is
deliberately not in ``INSTALLED_APPS`` yet.
"""
