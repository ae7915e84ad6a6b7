interface Props {
  count: number | undefined;
  /** The count in words, for screen readers ("3 unread messages"). */
  label: string;
  testId?: string;
}

/** A count next to a link or a title: "99+" past 99 for the eye, nothing at all when zero. */
export function CountBadge({ count, label, testId }: Props) {
  if (!count) return null;
  return (
    <span className="badge" data-testid={testId} data-count={count}>
      <span aria-hidden="true">{count > 99 ? "99+" : count}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
