"""Repositories: domain entities in and out, domain errors instead of driver errors."""
