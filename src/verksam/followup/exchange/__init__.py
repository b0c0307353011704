"""Excel and CSV exchange of outcomes and targets (utfall och årsmål) — issue 4, item 2.

Modules: ``columns`` (the column spec of both sheets), ``export`` (XLSX with numeric cells and
CSV with ``;``, decimal comma and BOM), ``reader`` (file → sheets of raw rows), ``cells`` (one
cell → value, Swedish numbers), ``importer`` (all-or-nothing import through
``verksam.followup.actions.enter_outcomes_bulk`` and ``verksam.planning.actions.set_target``,
errors by sheet, row and column).

Round trip: every column the import accepts is in the export, and an unchanged export
re-imports as "0 nya, 0 ändrade, N oförändrade" (DESIGN "Swedish numbers … Out").
"""
