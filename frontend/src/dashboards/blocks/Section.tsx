import type { ReactNode } from "react";
import { useI18n } from "../../i18n/I18nProvider";

interface Props {
  id: string;
  title: string;
  children: ReactNode;
  /** When true the block says there is nothing, instead of showing an empty list. */
  empty?: boolean;
  emptyText?: string;
}

/** One block of a dashboard: a titled region a screen reader can jump to. */
export function Section({ id, title, children, empty = false, emptyText }: Props) {
  const { t } = useI18n();
  const headingId = `${id}-title`;
  return (
    <section aria-labelledby={headingId} className="card" data-block={id}>
      <h2 id={headingId}>{title}</h2>
      {empty ? <p className="empty">{emptyText ?? t("common.nothing")}</p> : children}
    </section>
  );
}

/** Name–value pairs: counters, statistics, summaries. */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
