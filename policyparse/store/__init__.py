"""A queryable store of parsed notices: SQLite by default, PostgreSQL for teams."""

from .db import LoadReport, Store, open_for_reading, open_store
from .query import TaskQuery

__all__ = ["open_store", "open_for_reading", "Store", "LoadReport", "TaskQuery"]
