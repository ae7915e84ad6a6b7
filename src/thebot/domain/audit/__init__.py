"""The audit trail of administrative actions."""
