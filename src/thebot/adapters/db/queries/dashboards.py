"""Dashboards in set-based SQL: each a fixed number of statements, whatever the school's size.

Lists are bounded (the home screen shows the first items and the totals); aggregates are
computed by the database, never by walking rows here. One module per role; this class is the
port's adapter.
"""

from __future__ import annotations

from thebot.adapters.db.queries.dashboard_families import FamilyDashboardQueries
from thebot.adapters.db.queries.dashboard_student import StudentDashboardQueries
from thebot.adapters.db.queries.dashboard_teacher import TeacherDashboardQueries


class SqlDashboardQueries(StudentDashboardQueries, TeacherDashboardQueries, FamilyDashboardQueries):
    """Every role's dashboard (``DashboardQueries``)."""
