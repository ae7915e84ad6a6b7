"""Dashboards: one read model per role's home screen, each built by a fixed number of queries."""
