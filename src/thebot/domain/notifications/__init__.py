"""In-app notifications: what the platform's own events tell people, stored and pushed live."""
