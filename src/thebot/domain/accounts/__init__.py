"""Accounts: users, roles, credentials, sign-in sessions."""
