"""Outputs people read and share: reports, task tables (CSV/XLSX/JSONL), the diff report, and
atomic writes."""
