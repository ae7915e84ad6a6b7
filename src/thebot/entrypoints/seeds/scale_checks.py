"""Rules of the platform as SQL: each query counts the rows that break one; all must be 0."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_LEARNING = {
    "enrollment teacher does not teach its subject": """
        SELECT count(*) FROM enrollments e WHERE NOT EXISTS (
          SELECT 1 FROM teacher_subjects ts WHERE ts.teacher_id = e.teacher_id
          AND ts.subject_id = e.subject_id AND ts.is_active)""",
    "material assigned to a student not enrolled with its author in its subject": """
        SELECT count(*) FROM material_assignments ma JOIN materials m ON m.id = ma.material_id
        WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = ma.student_id
          AND e.teacher_id = m.author_id AND e.subject_id = m.subject_id
          AND e.status = 'active')""",
    "homework set for a student not enrolled with its author in its subject": """
        SELECT count(*) FROM assignment_students a JOIN assignments h ON h.id = a.assignment_id
        WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = a.student_id
          AND e.teacher_id = h.author_id AND e.subject_id = h.subject_id
          AND e.status = 'active')""",
    "submission by a student the homework is not set for": """
        SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM assignment_students a
          WHERE a.assignment_id = s.assignment_id AND a.student_id = s.student_id)""",
    "progress on a material not assigned to the student": """
        SELECT count(*) FROM material_progress p WHERE NOT EXISTS (
          SELECT 1 FROM material_assignments ma
          WHERE ma.material_id = p.material_id AND ma.student_id = p.student_id)""",
    "user without the profile of their role": """
        SELECT count(*) FROM users u WHERE u.role <> 'admin' AND NOT EXISTS (
          SELECT 1 FROM student_profiles p WHERE p.user_id = u.id AND u.role = 'student'
          UNION ALL SELECT 1 FROM teacher_profiles p WHERE p.user_id = u.id AND u.role = 'teacher'
          UNION ALL SELECT 1 FROM tutor_profiles p WHERE p.user_id = u.id AND u.role = 'tutor'
          UNION ALL SELECT 1 FROM parent_profiles p WHERE p.user_id = u.id AND u.role = 'parent'
        )""",
    "student profile linking a tutor or parent of the wrong role": """
        SELECT count(*) FROM student_profiles p JOIN users t ON t.id = p.tutor_id
        JOIN users g ON g.id = p.parent_id WHERE t.role <> 'tutor' OR g.role <> 'parent'""",
    "report not from the student's tutor to the student's parent": """
        SELECT count(*) FROM reports r JOIN student_profiles p ON p.user_id = r.student_id
        JOIN report_recipients rr ON rr.report_id = r.id
        WHERE r.author_id <> p.tutor_id OR rr.recipient_id <> p.parent_id""",
}

_OVERLAP = """
    SELECT count(*) FROM (
      SELECT start_at, max(end_at) OVER (PARTITION BY {who} ORDER BY start_at, id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS busy_until
      FROM lessons) l
    WHERE l.busy_until > l.start_at"""

_LESSONS = {
    "lesson overlapping another lesson of its teacher": _OVERLAP.format(who="teacher_id"),
    "lesson overlapping another lesson of its student": _OVERLAP.format(who="student_id"),
    "lesson shorter than 15 minutes or longer than 4 hours": """
        SELECT count(*) FROM lessons l
        WHERE {minutes_long} < 15 OR {minutes_long} > 240""",
    "lesson without an active enrollment of its teacher, student and subject": """
        SELECT count(*) FROM lessons l WHERE NOT EXISTS (SELECT 1 FROM enrollments e
          WHERE e.teacher_id = l.teacher_id AND e.student_id = l.student_id
          AND e.subject_id = l.subject_id AND e.status = 'active')""",
    "lesson scheduled after it started, or by someone else than its teacher": """
        SELECT count(*) FROM lessons l
        WHERE l.created_at > l.start_at OR l.created_by_id <> l.teacher_id""",
    "lesson completed before it started or cancelled less than 2 hours ahead": """
        SELECT count(*) FROM lessons l
        WHERE (l.status = 'completed' AND l.updated_at < l.start_at)
           OR (l.status = 'cancelled' AND {minutes_notice} < 120)""",
    "lesson without its history": """
        SELECT count(*) FROM lessons l WHERE NOT EXISTS (SELECT 1 FROM lesson_history h
          WHERE h.lesson_id = l.id AND h.action = 'created')
          OR (l.status <> 'scheduled' AND NOT EXISTS (SELECT 1 FROM lesson_history h
          WHERE h.lesson_id = l.id AND h.action = l.status))""",
}

_FORUM = {
    "enrollment without the rooms its family calls for": """
        SELECT count(*) FROM enrollments e JOIN student_profiles p ON p.user_id = e.student_id
        WHERE (SELECT count(*) FROM chat_rooms r WHERE r.enrollment_id = e.id)
          <> 1 + (CASE WHEN p.tutor_id IS NULL THEN 0 ELSE 1 END)
               + (CASE WHEN p.parent_id IS NULL THEN 0 ELSE 1 END)
               + (CASE WHEN p.tutor_id IS NULL OR p.parent_id IS NULL THEN 0 ELSE 1 END)
          OR NOT EXISTS (SELECT 1 FROM chat_rooms r
            WHERE r.enrollment_id = e.id AND r.kind = 'subject')""",
    "room not matching its enrollment (student, subject, parent, archiving)": """
        SELECT count(*) FROM chat_rooms r JOIN enrollments e ON e.id = r.enrollment_id
        JOIN student_profiles p ON p.user_id = e.student_id
        WHERE r.student_id <> e.student_id OR r.subject_id <> e.subject_id
          OR (r.is_archived <> (e.status <> 'active'))
          OR (r.kind IN ('subject', 'tutor') AND r.parent_id IS NOT NULL)
          OR (r.kind IN ('parent_teacher', 'parent_tutor')
              AND (r.parent_id IS NULL OR r.parent_id <> p.parent_id))""",
    "room whose participants are not the two people it is for": """
        SELECT count(*) FROM chat_rooms r JOIN enrollments e ON e.id = r.enrollment_id
        JOIN student_profiles p ON p.user_id = e.student_id
        WHERE (SELECT count(*) FROM chat_participants c WHERE c.room_id = r.id) <> 2
          OR (SELECT count(*) FROM chat_participants c WHERE c.room_id = r.id
              AND c.left_at IS NULL AND c.joined_at >= r.created_at AND c.user_id IN (
                CASE WHEN r.kind IN ('subject', 'tutor') THEN r.student_id ELSE r.parent_id END,
                CASE WHEN r.kind IN ('subject', 'parent_teacher') THEN e.teacher_id
                     ELSE p.tutor_id END)) <> 2""",
    "message sent by someone not in its room, or before the room existed": """
        SELECT count(*) FROM chat_messages m JOIN chat_rooms r ON r.id = m.room_id
        WHERE m.created_at < r.created_at OR NOT EXISTS (SELECT 1 FROM chat_participants c
          WHERE c.room_id = m.room_id AND c.user_id = m.sender_id)""",
    "message ids out of time order in a room": """
        SELECT count(*) FROM (
          SELECT created_at, max(created_at) OVER (PARTITION BY room_id ORDER BY id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
          FROM chat_messages) m
        WHERE m.before > m.created_at""",
    "reply to a later message or one of another room": """
        SELECT count(*) FROM chat_messages m JOIN chat_messages q ON q.id = m.reply_to_id
        WHERE q.room_id <> m.room_id OR q.id >= m.id""",
    "room whose last_message_at is not its newest message": """
        SELECT count(*) FROM chat_rooms r LEFT JOIN (
          SELECT room_id, max(created_at) AS newest FROM chat_messages GROUP BY room_id
        ) m ON m.room_id = r.id
        WHERE (r.last_message_at IS NULL) <> (m.newest IS NULL)
          OR r.last_message_at <> m.newest""",
    "read mark not on a message of the room, or before the reader's own last message": """
        SELECT count(*) FROM chat_participants c
        WHERE (c.last_read_message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chat_messages m
            WHERE m.id = c.last_read_message_id AND m.room_id = c.room_id))
          OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.room_id = c.room_id
            AND m.sender_id = c.user_id
            AND m.id > coalesce(c.last_read_message_id, 0))""",
    "unread count that is not the messages from others after the read mark": """
        SELECT count(*) FROM chat_participants c
        WHERE c.unread_count <> (SELECT count(*) FROM chat_messages m
            WHERE m.room_id = c.room_id AND m.id > coalesce(c.last_read_message_id, 0)
              AND (m.sender_id IS NULL OR m.sender_id <> c.user_id) AND m.deleted_at IS NULL)""",
}

_MINUTES = {
    "postgresql": "(EXTRACT(EPOCH FROM ({later} - {earlier})) / 60)",
    "sqlite": "round((julianday({later}) - julianday({earlier})) * 1440, 3)",
}


def rule_checks(dialect: str) -> dict[str, str]:
    """Every rule's counting query, in the SQL of ``dialect`` (postgresql or sqlite)."""
    minutes = _MINUTES[dialect]
    values = {
        "minutes_long": minutes.format(later="l.end_at", earlier="l.start_at"),
        "minutes_notice": minutes.format(later="l.start_at", earlier="l.updated_at"),
    }
    lessons = {rule: query.format(**values) for rule, query in _LESSONS.items()}
    return {**_LEARNING, **lessons, **_FORUM}


async def broken_rules(connection: AsyncConnection) -> dict[str, int]:
    """Every rule with the number of rows breaking it."""
    checks = rule_checks(connection.dialect.name)
    return {rule: int(await connection.scalar(text(query)) or 0) for rule, query in checks.items()}
