"""Persistence on SQLAlchemy (advanced-alchemy bases): PostgreSQL in production, SQLite embedded."""
