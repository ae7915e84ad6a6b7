// The pages of this app a notification's link may point at; any other link is shown as text,
// so that no link leads to a missing page (or off the site).
const APP_PAGES: readonly RegExp[] = [
  /^\/notifications$/,
  /^\/chats$/,
  /^\/chats\/[0-9a-f-]{36}$/i,
  /^\/schedule$/,
  /^\/lessons\/[0-9a-f-]{36}$/i,
  /^\/materials$/,
  /^\/materials\/[0-9a-f-]{36}$/i,
  /^\/homework$/,
  /^\/homework\/[0-9a-f-]{36}$/i,
  /^\/submissions$/,
  /^\/submissions\/[0-9a-f-]{36}$/i,
  /^\/reports$/,
  /^\/reports\/[0-9a-f-]{36}$/i,
  /^\/study-plans$/,
  /^\/study-plans\/[0-9a-f-]{36}$/i,
  /^\/payments$/,
  /^\/payments\/[0-9a-f-]{36}$/i,
  /^\/enrollments\/[0-9a-f-]{36}$/i,
  /^\/students(\/new|\/[0-9a-f-]{36})?$/i,
  /^\/profile$/,
  /^\/dashboard\/(student|teacher|tutor|parent)$/,
  /^\/admin(\/subjects|\/audit|\/users\/[0-9a-f-]{36})?$/i,
];

/** The link as a path of this app, or null when it is not a page here. */
export function appPathOf(link: string): string | null {
  if (!link.startsWith("/") || link.startsWith("//")) return null;
  const path = link.split(/[?#]/, 1)[0] ?? "";
  return APP_PAGES.some((page) => page.test(path)) ? link : null;
}
