import { useTimeZone } from "../api/config";
import { SelectField } from "../forms/fields";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { addDays, mondayOf, todayIn } from "../reports/days";

const WEEKS_BACK = 2;
const WEEKS_AHEAD = 8;

/** The Monday of next week in the school's time zone: plans are written for the coming week. */
export function nextMonday(timeZone: string): string {
  return addDays(mondayOf(todayIn(timeZone)), 7);
}

interface Props {
  value: string;
  error: string | undefined;
  onChange: (monday: string) => void;
}

/** A plan's week, picked among whole weeks, so that it always starts on a Monday. */
export function WeekSelect({ value, error, onChange }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const thisMonday = mondayOf(todayIn(useTimeZone()));
  const mondays = Array.from({ length: WEEKS_BACK + WEEKS_AHEAD + 1 }, (_, i) =>
    addDays(thisMonday, (i - WEEKS_BACK) * 7),
  );
  if (value && !mondays.includes(value)) mondays.push(value);
  mondays.sort();
  const note = (monday: string) =>
    monday === thisMonday
      ? ` (${t("reports.plans.thisWeek")})`
      : monday === addDays(thisMonday, 7)
        ? ` (${t("reports.plans.nextWeek")})`
        : "";
  return (
    <SelectField
      id="plan-week"
      label={t("studyPlans.week")}
      required
      value={value}
      onChange={onChange}
      error={error}
      options={mondays.map((monday) => ({
        value: monday,
        label: `${format.days(monday, addDays(monday, 6))}${note(monday)}`,
      }))}
    />
  );
}
