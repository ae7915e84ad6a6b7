"""What every part of the domain shares: errors, ids, time, pagination and cross-cutting ports."""
