import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router";

/**
 * A page: its heading and the document title. After a navigation to another page of the app the
 * heading takes the focus, so that keyboard and screen-reader users start reading the new page.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const location = useLocation();

  useEffect(() => {
    document.title = `${title} — THE BOT`;
  }, [title]);

  // The path the heading last took the focus for: a change of the query alone (a filter, a
  // week, a page of a list) keeps the focus on the control the user is working with.
  const focusedPath = useRef<string | null>(null);

  useEffect(() => {
    if (focusedPath.current === location.pathname) return;
    focusedPath.current = location.pathname;
    // "default" is the page the browser opened: its focus stays where the browser put it.
    if (location.key !== "default") heading.current?.focus();
  }, [location.key, location.pathname]);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}
