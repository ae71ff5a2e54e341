"""The store's tables: one SQLAlchemy Core schema for SQLite and PostgreSQL.

Rows are keyed by the document's surrogate ``documents.id`` and, below it, by the ids the JSON
contract gives (section ``2.1``, task ``t3``), so a row reads as the JSON does. Dates are SQL
dates (ISO text in SQLite), spans are ``start``/``end`` offsets into ``documents.text``.

``STORE_VERSION`` is written into ``meta``; a store of a newer version is refused, an older one
migrated by the steps in ``MIGRATIONS``. Every string a document supplies is unbounded ``Text``:
PostgreSQL refuses a value longer than a ``varchar(n)``, where SQLite keeps it.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Connection

STORE_VERSION = 3
# a store is recognised by this key in its meta table (a foreign database has none)
MARK = "policyparse_store_version"

md = MetaData()


def _doc_fk() -> Column:
    return Column(
        "document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )


def _span() -> list[Column]:
    return [Column("start", Integer), Column("end", Integer), Column("page", Integer)]


meta = Table(
    "meta",
    md,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    md,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # the batch output folder a document was loaded from ("" for a file loaded on its own): a
    # batch's documents are kept in step with its inputs
    Column("batch", Text, nullable=False),
    # the input's path relative to the batch's input folder; a lone file's resolved path
    Column("key", Text, nullable=False),
    Column("path", Text),
    Column("url", Text),
    Column("format", Text),
    Column("sha256", Text, nullable=False),
    # what decides that a document changed: input sha256 and parser version for a batch output,
    # the JSON's own sha256 for a file loaded on its own
    Column("fingerprint", Text, nullable=False),
    # what the document is, wherever it was seen: its input's sha256 and the parser version (or
    # its JSON's own sha256 when no version is known); one row per content
    Column("content", Text),
    Column("parser_version", Text),
    Column("schema_version", Text),
    Column("language", Text, nullable=False),
    Column("title", Text),
    Column("doc_number", Text),
    Column("issuer", Text),  # issuers joined by "；"
    Column("issued_on", Date),
    Column("published_on", Date),
    Column("document_date", Date),
    Column("date_inferred", Boolean),
    Column("text", Text, nullable=False),
    Column("loaded_at", Text, nullable=False),
    UniqueConstraint("batch", "key"),
)

# every place a document was seen: a batch output folder and the input's path in it. A
# document is stored once per content (its input's sha256 and parser version): the same file
# batched from two folders is one document seen at two paths, so no count doubles. The
# documents row keeps the first place it was seen (``batch``, ``key``).
sightings = Table(
    "sightings",
    md,
    _doc_fk(),
    Column("batch", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("loaded_at", Text, nullable=False),
    UniqueConstraint("batch", "key"),
)

sections = Table(
    "sections",
    md,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("section_id", Text, nullable=False),
    Column("parent_id", Text),
    Column("position", Integer, nullable=False),
    Column("label", Text),
    Column("level", Integer),
    Column("title", Text),
    Column("style", Text),
    # the section's own words: its heading and text up to its first subsection (no repeats)
    Column("text", Text),
    *_span(),
    UniqueConstraint("document_id", "section_id"),
)

tasks = Table(
    "tasks",
    md,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("task_id", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("section_id", Text),
    Column("text", Text, nullable=False),
    Column("attribution", Text),
    *_span(),
    UniqueConstraint("document_id", "task_id"),
)

units = Table(
    "units",
    md,
    Column("id", Text, primary_key=True),
    Column("name_zh", Text),
    Column("name_en", Text),
    Column("kind", Text),
    Column("scope", Text),
    Column("aliases", Text),  # "；"-joined
    Column("known", Boolean, nullable=False),  # in the registry (else named in a notice only)
)

responsibilities = Table(
    "responsibilities",
    md,
    _doc_fk(),
    Column("task_id", Text, nullable=False),
    # the task's row (tasks.id): what the questions join on; null for an item outside tasks
    Column("task_row", Integer, ForeignKey("tasks.id", ondelete="CASCADE")),
    Column("position", Integer, nullable=False),
    Column("unit_id", Text, nullable=False),
    Column("name", Text, nullable=False),  # the registry's name (as written when unknown)
    Column("written", Text),  # the words of the notice
    Column("role", Text, nullable=False),
    Column("division_of_duties", Boolean),
    Column("known", Boolean),
    *_span(),
)

targets = Table(
    "targets",
    md,
    _doc_fk(),
    Column("position", Integer, nullable=False),
    Column("task_id", Text),  # null: a target outside every task
    # the task's row (tasks.id): what the questions join on; null for an item outside tasks
    Column("task_row", Integer, ForeignKey("tasks.id", ondelete="CASCADE")),
    Column("metric", Text),
    Column("comparator", Text),
    Column("value", Float),
    Column("value_max", Float),
    Column("unit", Text),
    Column("kind", Text),
    Column("direction", Text),
    Column("year", Integer),
    Column("magnitude", Float),
    Column("magnitude_max", Float),
    Column("magnitude_unit", Text),
    Column("text", Text),
    *_span(),
)

deadlines = Table(
    "deadlines",
    md,
    _doc_fk(),
    Column("position", Integer, nullable=False),
    Column("task_id", Text),
    # the task's row (tasks.id): what the questions join on; null for an item outside tasks
    Column("task_row", Integer, ForeignKey("tasks.id", ondelete="CASCADE")),
    Column("date", Date),
    Column("recurring", Boolean),
    Column("text", Text),
    *_span(),
)

warnings = Table(
    "warnings",
    md,
    _doc_fk(),
    Column("position", Integer, nullable=False),
    Column("code", Text),
    Column("message", Text),
    *_span(),
)

# the indexes behind the common questions (policyparse query): a task's rows in their order,
# units by id and role, targets by metric, deadlines by date; and by document, for deleting
Index("ix_resp_task", responsibilities.c.task_row, responsibilities.c.position)
Index("ix_resp_unit_role", responsibilities.c.unit_id, responsibilities.c.role)
Index("ix_resp_doc", responsibilities.c.document_id)
Index("ix_targets_task", targets.c.task_row, targets.c.position)
Index("ix_targets_metric", targets.c.metric)
Index("ix_targets_doc", targets.c.document_id)
Index("ix_deadlines_task", deadlines.c.task_row, deadlines.c.position)
Index("ix_deadlines_date", deadlines.c.date)
Index("ix_deadlines_doc", deadlines.c.document_id)
Index("ix_warnings_doc", warnings.c.document_id)
Index("ix_documents_language", documents.c.language)
Index("ix_documents_content", documents.c.content)
Index("ix_sightings_doc", sightings.c.document_id)

# children first: the order rows of a document are deleted in
CHILDREN = (sightings, warnings, deadlines, targets, responsibilities, tasks, sections)

# full-text search over task and section text. SQLite: FTS5 with the trigram tokenizer (any
# substring of three characters or more, Chinese and English alike), kept in step with its
# table by triggers. PostgreSQL: pg_trgm indexes behind ILIKE, when the extension is allowed.
FTS_TABLES = ("tasks", "sections")


def sqlite_fts_ddl() -> list[str]:
    """The full-text tables, and the trigger that takes a row's words out of the index when the
    row is deleted. Rows are put into the index by the loader itself, one executemany per
    chunk: an insert trigger made FTS5 write its pending words at every row (each trigger step
    is a savepoint), which was nine tenths of a load's time."""
    out = []
    for t in FTS_TABLES:
        out += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5("
            # content="…" in double quotes: how datasette and sqlite-utils recognise the index
            f"text, content=\"{t}\", content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {t}_fts_ad AFTER DELETE ON {t} BEGIN "
            f"INSERT INTO {t}_fts({t}_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
        ]
    return out


def postgres_fts_ddl() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS ix_{t}_text_trgm ON {t} USING gin (text gin_trgm_ops)"
        for t in FTS_TABLES
    ]


def _unbounded_strings(conn: Connection) -> None:
    """1 -> 2: the columns that held a document's ids and words as ``varchar(n)`` become
    ``text`` on PostgreSQL (a long task id broke a load there and not on SQLite, which never
    enforced the lengths; SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    from sqlalchemy import text

    for t in md.sorted_tables:
        for c in t.columns:
            if t is not meta and isinstance(c.type, Text):
                conn.execute(text(f'ALTER TABLE "{t.name}" ALTER COLUMN "{c.name}" TYPE text'))


def _sightings(conn: Connection) -> None:
    """2 -> 3: documents know their content, and the places they were seen are one table (each
    document's own, to begin). Safe to run again on a store it has run on."""
    from sqlalchemy import inspect, select, text

    if "content" not in {c["name"] for c in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN content TEXT"))
    conn.execute(
        text(
            "UPDATE documents SET content = sha256 || ':' || coalesce(parser_version, '') "
            "WHERE content IS NULL"
        )
    )
    sightings.create(conn, checkfirst=True)
    for ix in sightings.indexes | {
        i for i in documents.indexes if i.name == "ix_documents_content"
    }:
        ix.create(conn, checkfirst=True)
    d = documents
    seen = select(sightings.c.document_id)
    rows = [
        {"document_id": i, "batch": b, "key": k, "fingerprint": f, "loaded_at": at}
        for i, b, k, f, at in conn.execute(
            select(d.c.id, d.c.batch, d.c.key, d.c.fingerprint, d.c.loaded_at).where(
                d.c.id.not_in(seen)
            )
        )
    ]
    if rows:
        conn.execute(sightings.insert(), rows)


# version -> the step that brings a store of that version to the next one
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _unbounded_strings, 2: _sightings}
