import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router";

/**
 * A page: its heading and the document title. After a navigation inside the app the heading
 * takes the focus, so that keyboard and screen-reader users start reading the new page.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const location = useLocation();

  useEffect(() => {
    document.title = `${title} — THE BOT`;
  }, [title]);

  useEffect(() => {
    // "default" is the page the browser opened: its focus stays where the browser put it.
    if (location.key !== "default") heading.current?.focus();
  }, [location.key]);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}
