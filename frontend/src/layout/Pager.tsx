import { useI18n } from "../i18n/I18nProvider";

interface Props {
  total: number;
  offset: number;
  limit: number;
  onChange: (offset: number) => void;
}

/** Previous and next page of a paginated list (nothing when it fits on one page). */
export function Pager({ total, offset, limit, onChange }: Props) {
  const { t } = useI18n();
  if (total <= limit) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t("pager.previous")}
      </button>
      <span>{t("pager.range", { first: offset + 1, last, total })}</span>
      <button type="button" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
