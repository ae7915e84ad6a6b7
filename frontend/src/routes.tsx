import { Route, Routes } from "react-router";
import { AuditPage } from "./admin/AuditPage";
import { NewUserPage } from "./admin/NewUserPage";
import { SubjectsPage } from "./admin/SubjectsPage";
import { UserPage } from "./admin/UserPage";
import { UsersPage } from "./admin/UsersPage";
import { RequireAuth } from "./auth/RequireAuth";
import { DashboardPage } from "./dashboards/DashboardPage";
import { ChatsPage } from "./forum/ChatsPage";
import { Layout } from "./layout/Layout";
import { AssignmentPage } from "./learning/AssignmentPage";
import { NewAssignmentPage } from "./learning/AssignmentForm";
import { GradingPage } from "./learning/GradingPage";
import { HomeworkPage } from "./learning/HomeworkPage";
import { EditMaterialPage, NewMaterialPage } from "./learning/MaterialFormPage";
import { MaterialPage } from "./learning/MaterialPage";
import { MaterialsPage } from "./learning/MaterialsPage";
import { SubmissionsPage } from "./learning/SubmissionsPage";
import { NotificationsPage } from "./notifications/NotificationsPage";
import { HomeRedirect } from "./pages/HomeRedirect";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PasswordPage } from "./pages/PasswordPage";
import { PaymentPage } from "./payments/PaymentPage";
import { PaymentsPage } from "./payments/PaymentsPage";
import { EnrollmentPage } from "./people/EnrollmentPage";
import { NewFamilyPage } from "./people/NewFamilyPage";
import { ProfilePage } from "./people/ProfilePage";
import { StudentPage } from "./people/StudentPage";
import { StudentsPage } from "./people/StudentsPage";
import { LessonPage } from "./schedule/LessonPage";
import { SchedulePage } from "./schedule/SchedulePage";
import { ReportNewPage } from "./reports/ReportNewPage";
import { ReportPage } from "./reports/ReportPage";
import { ReportsPage } from "./reports/ReportsPage";
import { StudyPlanNewPage } from "./studyPlans/StudyPlanNewPage";
import { StudyPlanPage } from "./studyPlans/StudyPlanPage";
import { StudyPlansPage } from "./studyPlans/StudyPlansPage";

/** Every page of the app. Litestar answers index.html for each of these paths. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="login" element={<LoginPage />} />
        <Route element={<RequireAuth passwordChange />}>
          <Route path="password" element={<PasswordPage />} />
        </Route>
        <Route element={<RequireAuth />}>
          <Route index element={<HomeRedirect />} />
          <Route path="dashboard/:role" element={<DashboardPage />} />
          <Route path="admin" element={<UsersPage />} />
          <Route path="admin/users/new" element={<NewUserPage />} />
          <Route path="admin/users/:userId" element={<UserPage />} />
          <Route path="admin/subjects" element={<SubjectsPage />} />
          <Route path="admin/audit" element={<AuditPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="chats" element={<ChatsPage />} />
          <Route path="chats/:chatId" element={<ChatsPage />} />
          <Route path="schedule" element={<SchedulePage />} />
          <Route path="lessons/:lessonId" element={<LessonPage />} />
          <Route path="study-plans" element={<StudyPlansPage />} />
          <Route path="study-plans/new" element={<StudyPlanNewPage />} />
          <Route path="study-plans/:planId" element={<StudyPlanPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="reports/new" element={<ReportNewPage />} />
          <Route path="reports/:reportId" element={<ReportPage />} />
          <Route path="payments" element={<PaymentsPage />} />
          <Route path="payments/:paymentId" element={<PaymentPage />} />
          <Route path="students" element={<StudentsPage />} />
          <Route path="students/new" element={<NewFamilyPage />} />
          <Route path="students/:studentId" element={<StudentPage />} />
          <Route path="enrollments/:enrollmentId" element={<EnrollmentPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="materials" element={<MaterialsPage />} />
          <Route path="materials/new" element={<NewMaterialPage />} />
          <Route path="materials/:materialId" element={<MaterialPage />} />
          <Route path="materials/:materialId/edit" element={<EditMaterialPage />} />
          <Route path="homework" element={<HomeworkPage />} />
          <Route path="homework/new" element={<NewAssignmentPage />} />
          <Route path="homework/:assignmentId" element={<AssignmentPage />} />
          <Route path="submissions" element={<SubmissionsPage />} />
          <Route path="submissions/:submissionId" element={<GradingPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
