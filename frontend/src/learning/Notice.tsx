import { useLocation } from "react-router";

/** What the previous page did (saved, deleted, graded), passed along in the navigation's state. */
export function Notice() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  return (
    <p role="status" className="learning-notice">
      {notice}
    </p>
  );
}
