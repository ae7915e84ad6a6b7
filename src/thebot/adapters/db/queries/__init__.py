"""Read-side queries that cross many tables (dashboards)."""
