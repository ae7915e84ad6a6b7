"""People management: accounts created, changed, linked and retired by admins and tutors."""
