"""Roster import: read (CSV in UTF-8 / UTF-8 BOM / CP932, or XLSX) → check every row → preview → apply.

Steps, in order: ``reading.read_table`` (file-level errors: size, type, encoding), ``checking.check``
(row-level errors and the plan of changes, nothing written), ``applying.apply`` (one transaction).
"""
