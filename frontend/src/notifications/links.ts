// The pages of this app a notification's link may point at; any other link (a page of a
// later part of the app) is shown as text, so that no link leads to a missing page.
const APP_PAGES: readonly RegExp[] = [
  /^\/notifications$/,
  /^\/study-plans$/,
  /^\/study-plans\/[0-9a-f-]{36}$/i,
  /^\/dashboard\/(student|teacher|tutor|parent)$/,
];

/** The link as a path of this app, or null when it is not a page here. */
export function appPathOf(link: string): string | null {
  if (!link.startsWith("/") || link.startsWith("//")) return null;
  const path = link.split(/[?#]/, 1)[0] ?? "";
  return APP_PAGES.some((page) => page.test(path)) ? link : null;
}
