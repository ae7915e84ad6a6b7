import { Navigate, useParams } from "react-router";
import { unwrap } from "../api/problem";
import { homeOf, useSession } from "../auth/session";
import { Loaded } from "../layout/Loaded";
import { ParentDashboard } from "./ParentDashboard";
import { StudentDashboard } from "./StudentDashboard";
import { TeacherDashboard } from "./TeacherDashboard";
import { TutorDashboard } from "./TutorDashboard";

/** /dashboard/:role: one's own role's dashboard; any other role's path leads home. */
export function DashboardPage() {
  const { role } = useParams();
  const { user } = useSession();
  if (user === null) return null;
  if (role !== user.role) return <Navigate to={homeOf(user)} replace />;
  switch (user.role) {
    case "student":
      return (
        <Loaded
          queryKey={["dashboard", "student"]}
          load={(api) => unwrap(api.GET("/api/v1/dashboard/student"))}
        >
          {(data) => <StudentDashboard data={data} />}
        </Loaded>
      );
    case "teacher":
      return (
        <Loaded
          queryKey={["dashboard", "teacher"]}
          load={(api) => unwrap(api.GET("/api/v1/dashboard/teacher"))}
        >
          {(data) => <TeacherDashboard data={data} />}
        </Loaded>
      );
    case "tutor":
      return (
        <Loaded queryKey={["dashboard", "tutor"]} load={(api) => unwrap(api.GET("/api/v1/dashboard/tutor"))}>
          {(data) => <TutorDashboard data={data} />}
        </Loaded>
      );
    case "parent":
      return (
        <Loaded
          queryKey={["dashboard", "parent"]}
          load={(api) => unwrap(api.GET("/api/v1/dashboard/parent"))}
        >
          {(data) => <ParentDashboard data={data} />}
        </Loaded>
      );
    default:
      return <Navigate to={homeOf(user)} replace />;
  }
}
