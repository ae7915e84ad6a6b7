"""Profiles: what each role keeps about itself, and avatars."""
