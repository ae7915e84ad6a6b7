"""Payments: parents pay for their children's enrollments through a payment provider."""
