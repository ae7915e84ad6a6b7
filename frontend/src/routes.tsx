import { Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { DashboardPage } from "./dashboards/DashboardPage";
import { Layout } from "./layout/Layout";
import { NotificationsPage } from "./notifications/NotificationsPage";
import { AdminHomePage } from "./pages/AdminHomePage";
import { HomeRedirect } from "./pages/HomeRedirect";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PasswordPage } from "./pages/PasswordPage";
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
          <Route path="admin" element={<AdminHomePage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="study-plans" element={<StudyPlansPage />} />
          <Route path="study-plans/:planId" element={<StudyPlanPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
