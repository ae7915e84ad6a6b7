"""Learning: subjects, enrollments, materials and progress, homework, reports."""
