"""The only layer that speaks SQL: the project file, its schema and its operations."""

from gwot_reader.store.codings import read_span_index
from gwot_reader.store.db import as_user_error
from gwot_reader.store.project import Project

__all__ = ["Project", "as_user_error", "read_span_index"]
