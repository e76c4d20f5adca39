"""Spreadsheet round trip of the action matrix: download it as XLSX (`exports/xlsx.py`), edit it
offline, upload it, see every change and problem, apply all of it or nothing.

- `columns.py`  the sheet's layout, shared with the export (hidden key column, hidden sheet)
- `reader.py`   checks the upload (content, size) and reads headings and raw cells
- `values.py`   turns cells into typed values, with a message per bad cell
- `diff.py`     compares the sheet with the plan: added, changed, removed rows, problems
- `actions.py`  `plan_import_matrix`: applies it through the structure actions, in one transaction
- `pending.py`  keeps an upload under MEDIA_ROOT/imports/ between its preview and its apply
- `permissions.py`  `access_import`: a pending upload, for its uploader only
"""
