"""Alembic environment and revisions of the scwatch schema."""
