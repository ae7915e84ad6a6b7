/** The most items the API gives in one page; a longer list is read page by page. */
export const PAGE_LIMIT = 100;

/** Every item of a paginated list, page after page (`load` reads the page at an offset). */
export async function allPages<T>(
  load: (offset: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await load(items.length);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}
