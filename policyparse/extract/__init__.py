"""The extraction stages after structure and units: attributions, tasks, targets and
deadlines (with ``numbers``: Chinese and Arabic numerals)."""
