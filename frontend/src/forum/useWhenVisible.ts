import { useEffect, useRef, type RefObject } from "react";

interface Options {
  /** The scrolling element the target is seen in. */
  root: RefObject<HTMLElement | null>;
  /** Observing starts again whenever this changes (a new observer reports at once). */
  watch: unknown;
  enabled: boolean;
  /** What to assume where the browser has no IntersectionObserver. */
  assumeVisible: boolean;
}

/** Calls `onVisible` whenever `target` scrolls into view inside `root`. */
export function useWhenVisible(
  target: RefObject<HTMLElement | null>,
  onVisible: () => void,
  { root, watch, enabled, assumeVisible }: Options,
): void {
  const latest = useRef(onVisible);
  latest.current = onVisible;

  useEffect(() => {
    const element = target.current;
    if (!enabled || element === null) return;
    if (typeof IntersectionObserver === "undefined") {
      if (assumeVisible) latest.current();
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) latest.current();
      },
      { root: root.current },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, root, watch, enabled, assumeVisible]);
}
