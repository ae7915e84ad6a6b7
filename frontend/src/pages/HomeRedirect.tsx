import { Navigate } from "react-router";
import { homeOf, useSession } from "../auth/session";

/** "/" leads each user to the home of their role. */
export function HomeRedirect() {
  const { user } = useSession();
  return user ? <Navigate to={homeOf(user)} replace /> : <Navigate to="/login" replace />;
}
