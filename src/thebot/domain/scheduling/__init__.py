"""Scheduling: lessons with their rules and history, and personal calendar feeds."""
