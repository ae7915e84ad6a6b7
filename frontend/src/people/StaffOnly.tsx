import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { homeOf, useSession } from "../auth/session";

/** Pages of the people who look after students (tutors) and of the office; others go home. */
export function StaffOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user && user.role !== "tutor" && user.role !== "admin") return <Navigate to={homeOf(user)} replace />;
  return <>{children}</>;
}
