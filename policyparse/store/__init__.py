"""A queryable store of parsed notices: SQLite by default, PostgreSQL for teams."""

from .db import LoadReport, Store, open_store
from .query import TaskQuery

__all__ = ["open_store", "Store", "LoadReport", "TaskQuery"]
