"""Adapters: the domain's ports implemented over SQLAlchemy, Redis, SAQ, httpx and the disk."""
