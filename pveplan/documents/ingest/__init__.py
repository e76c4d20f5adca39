"""Reading plan documents: text per page (`extract`), candidate structure (`segment`), and the
whole reading as the background task runs it (`read`).

Pure functions with no database access, so the benchmark command and the tests run exactly what
the task runs.
"""
