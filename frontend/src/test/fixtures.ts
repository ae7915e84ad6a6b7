import type { components } from "../api/schema";

type Schemas = components["schemas"];

// Typed as the generated schema: a fixture that drifts from the contract fails `tsc`.
export const config: Schemas["PublicConfig"] = {
  environment: "test",
  version: "0.1.0",
  public_url: "http://thebot.test",
  api_base_url: "http://thebot.test/api/v1",
  websocket_url: "ws://thebot.test/api/v1/ws",
  media_base_url: "http://thebot.test/media",
  timezone: "Europe/Moscow",
};

/** The n-th id of the fixtures: a UUIDv7 of the platform's shape, easy to tell apart. */
export const id = (n: number) => `0190f3f4-0000-7000-8000-${String(n).padStart(12, "0")}`;

export const ids = {
  masha: id(1),
  petya: id(2),
  anna: id(3),
  oliver: id(4),
  elena: id(5),
  olga: id(6),
  mathEnrollment: id(10),
  englishEnrollment: id(11),
  petyaEnrollment: id(12),
  mathSubject: id(20),
  englishSubject: id(21),
  lesson: id(30),
  nextMath: id(31),
  plan: id(40),
  assignment: id(50),
  submission: id(51),
  material: id(60),
  chat: id(70),
  planNotice: id(80),
  lessonNotice: id(81),
  report: id(90),
  payment: id(100),
};

export const studentUser: Schemas["UserOut"] = {
  id: ids.masha,
  email: "masha.ivanova@demo.thebot.local",
  first_name: "Маша",
  last_name: "Иванова",
  full_name: "Маша Иванова",
  phone: null,
  role: "student",
  is_active: true,
  must_change_password: false,
  avatar_url: null,
  last_login_at: "2026-11-26T05:00:00Z",
  created_at: "2026-11-01T09:00:00Z",
  updated_at: "2026-11-26T05:00:00Z",
};

export const parentUser: Schemas["UserOut"] = {
  ...studentUser,
  id: ids.olga,
  email: "olga.ivanova@demo.thebot.local",
  first_name: "Ольга",
  full_name: "Ольга Иванова",
  role: "parent",
};

const anna = { id: ids.anna, name: "Анна Смирнова" };
const oliver = { id: ids.oliver, name: "Oliver Brown" };
const masha = { id: ids.masha, name: "Маша Иванова" };
const petya = { id: ids.petya, name: "Петя Иванов" };

const planCard: Schemas["PlanCard"] = {
  plan_id: ids.plan,
  title: "Дроби: сложение и вычитание",
  subject_name: "Mathematics",
  teacher: anna,
  student: masha,
  week_start: "2026-11-23",
  week_end: "2026-11-29",
  files: 2,
  sent_at: "2026-11-23T06:30:00Z",
};

const unreadMessages: Schemas["UnreadMessages"] = {
  total: 2,
  chats_with_unread: 1,
  chats: [
    {
      chat_id: ids.chat,
      title: "Mathematics — Маша Иванова ↔ Анна Смирнова",
      kind: "subject",
      unread_count: 2,
      last_message_at: "2026-11-20T08:12:00Z",
    },
  ],
};

const unreadNotifications: Schemas["UnreadNotifications"] = {
  total: 27,
  latest: [
    {
      notification_id: ids.planNotice,
      kind: "study_plan_sent",
      title: "Study plan for Маша Иванова: Mathematics",
      body: "Анна Смирнова sent the plan for the week",
      link: `/study-plans/${ids.plan}`,
      created_at: "2026-11-23T06:30:00Z",
    },
    {
      notification_id: ids.lessonNotice,
      kind: "lesson_created",
      title: "New lesson: English",
      body: "27 November 17:00 to 18:00 with Oliver Brown",
      link: `/lessons/${ids.lesson}`,
      created_at: "2026-11-22T10:00:00Z",
    },
  ],
};

const englishLesson: Schemas["UpcomingLesson"] = {
  lesson_id: ids.lesson,
  subject_name: "English",
  teacher: oliver,
  student: masha,
  start_at: "2026-11-27T14:00:00Z",
  end_at: "2026-11-27T15:00:00Z",
  meeting_url: "https://meet.example.org/english",
};

export const studentDashboard: Schemas["StudentDashboard"] = {
  greeting: { first_name: "Маша", full_name: "Маша Иванова", avatar_url: null },
  subjects: [
    {
      enrollment_id: ids.mathEnrollment,
      subject_id: ids.mathSubject,
      name: "Mathematics",
      color: "#2563EB",
      teacher: anna,
      next_lesson: {
        lesson_id: ids.nextMath,
        start_at: "2026-11-30T13:00:00Z",
        end_at: "2026-11-30T14:00:00Z",
      },
    },
    {
      enrollment_id: ids.englishEnrollment,
      subject_id: ids.englishSubject,
      name: "English",
      color: "#DC2626",
      teacher: oliver,
      next_lesson: null,
    },
  ],
  current_materials: [
    {
      material_id: ids.material,
      title: "Linear equations: practice set",
      subject_name: "Mathematics",
      type: "practice",
      progress_percentage: 60,
      time_spent_minutes: 30,
      completed: false,
      last_accessed_at: "2026-11-19T05:12:00Z",
    },
  ],
  homework_due: [
    {
      assignment_id: ids.assignment,
      title: "Essay: my favourite place",
      subject_name: "English",
      due_at: "2026-12-01T17:00:00Z",
      is_overdue: false,
      state: "not_submitted",
      submission_id: null,
    },
  ],
  recently_graded: [
    {
      submission_id: ids.submission,
      assignment_id: ids.assignment,
      title: "Дроби: задачи 1–10",
      subject_name: "Mathematics",
      score: 9,
      max_score: 10,
      feedback: "Отлично! Задача 7: не забывай сокращать ответ.",
      graded_at: "2026-11-17T05:12:00Z",
    },
  ],
  upcoming_lessons: [englishLesson],
  progress: {
    materials_total: 3,
    completed: 1,
    in_progress: 2,
    not_started: 0,
    average_progress: 70,
    time_spent_minutes: 95,
  },
  unread_messages: unreadMessages,
  unread_notifications: unreadNotifications,
  study_plans: [planCard],
  recent_activity: [
    {
      kind: "graded",
      title: "Дроби: задачи 1–10",
      at: "2026-11-17T05:12:00Z",
      assignment_id: ids.assignment,
      submission_id: ids.submission,
      material_id: null,
    },
  ],
};

const mathSubject: Schemas["StudentSubject"] = {
  enrollment_id: ids.mathEnrollment,
  subject_name: "Mathematics",
  teacher: anna,
  progress_percentage: 80,
  payment: { state: "paid", paid_until: "2026-12-18", price_per_period: "12000.00" },
  next_lesson: { lesson_id: ids.nextMath, start_at: "2026-11-30T13:00:00Z", end_at: "2026-11-30T14:00:00Z" },
};

export const parentDashboard: Schemas["ParentDashboard"] = {
  greeting: { first_name: "Ольга", full_name: "Ольга Иванова", avatar_url: null },
  statistics: { children: 2, average_progress: 45, paid: 1, awaiting: 0, overdue: 0, unread_reports: 1 },
  children: [
    {
      student: masha,
      grade: 8,
      tutor: { id: ids.elena, name: "Елена Кузнецова" },
      avatar_url: null,
      average_progress: 70,
      subjects: [mathSubject],
    },
    {
      student: petya,
      grade: 5,
      tutor: null,
      avatar_url: null,
      average_progress: 20,
      subjects: [
        {
          enrollment_id: ids.petyaEnrollment,
          subject_name: "Mathematics",
          teacher: { id: id(7), name: "Дмитрий Волков" },
          progress_percentage: 20,
          payment: { state: "no_payment", paid_until: null, price_per_period: null },
          next_lesson: null,
        },
      ],
    },
  ],
  upcoming_lessons: [englishLesson],
  unread_reports: [
    {
      report_id: ids.report,
      title: "Математика: итоги трёх недель",
      student: masha,
      author: anna,
      period_start: "2026-11-05",
      period_end: "2026-11-25",
      sent_at: "2026-11-25T05:12:00Z",
    },
  ],
  payments_due: [
    {
      enrollment_id: ids.englishEnrollment,
      student: masha,
      subject_name: "English",
      amount: "9600.00",
      state: "no_payment",
      paid_until: null,
      payment_id: null,
      confirmation_url: null,
    },
  ],
  recent_payments: [
    {
      payment_id: ids.payment,
      student: masha,
      subject_name: "Mathematics",
      amount: "12000.00",
      status: "succeeded",
      period_start: "2026-11-21",
      period_end: "2026-12-18",
      paid_at: "2026-11-21T05:12:00Z",
      created_at: "2026-11-21T05:10:00Z",
    },
  ],
  study_plans: [planCard],
  unread_messages: unreadMessages,
  unread_notifications: unreadNotifications,
};

export const teacherDashboard: Schemas["TeacherDashboard"] = {
  greeting: { first_name: "Анна", full_name: "Анна Смирнова", avatar_url: null },
  counters: { students: 2, active_materials: 2, submissions_to_grade: 1, lessons_this_week: 4 },
  submissions_waiting: [
    {
      submission_id: ids.submission,
      assignment_id: ids.assignment,
      assignment_title: "Дроби: задачи 1–10",
      student: { id: id(8), name: "Jack Taylor" },
      submitted_at: "2026-11-18T05:12:00Z",
      version: 1,
      is_late: true,
    },
  ],
  upcoming_lessons: [englishLesson],
  students: [
    {
      enrollment_id: ids.mathEnrollment,
      student: masha,
      subject_name: "Mathematics",
      completion_percentage: 80,
      last_activity_at: null,
    },
  ],
  students_total: 2,
  materials: [
    {
      material_id: ids.material,
      title: "Linear equations: practice set",
      subject_name: "Mathematics",
      status: "active",
      assigned_count: 2,
      completed_count: 1,
    },
  ],
  recent_reports: [
    {
      report_id: ids.report,
      title: "Математика: итоги трёх недель",
      student: masha,
      sent_at: "2026-11-25T05:12:00Z",
    },
  ],
  unread_messages: unreadMessages,
  unread_notifications: unreadNotifications,
};

export const tutorDashboard: Schemas["TutorDashboard"] = {
  greeting: { first_name: "Елена", full_name: "Елена Кузнецова", avatar_url: null },
  statistics: { students: 1, subjects: 1, average_progress: 70, overdue_payments: 0 },
  students: [
    {
      student: masha,
      grade: 8,
      parent: { id: ids.olga, name: "Ольга Иванова" },
      avatar_url: null,
      average_progress: 70,
      next_lesson: mathSubject.next_lesson,
      last_report: {
        report_id: ids.report,
        title: "Математика: итоги трёх недель",
        sent_at: "2026-11-25T05:12:00Z",
      },
      subjects: [mathSubject],
    },
  ],
  upcoming_lessons: [englishLesson],
  recent_reports: [],
  unread_messages: { total: 0, chats_with_unread: 0, chats: [] },
  unread_notifications: { total: 0, latest: [] },
};
