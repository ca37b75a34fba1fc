"""Exports: the portfolio's status as a workbook to send upward, and plans back to the
import formats (YAML in the infra/planfile.py shape, the task-decomposition table as .xlsx)."""
