"""Integrations with outside systems (integrationer), e.g. Kolada's open key-figure database.

A Django app without models: ``kolada`` is the read-only client, ``kolada_sync`` writes
outcomes (utfall) from it through ``verksam.followup.actions``, the ``kolada`` management
command runs the sync, and ``templates/integrations/_kolada_source.html`` shows the credit.
"""
