import { useMemo } from "react";
import { useTimeZone } from "../api/config";
import { createFormatter, type Formatter } from "./format";
import { useI18n } from "./I18nProvider";

/** Formatting in the chosen language and the school's time zone. */
export function useFormat(): Formatter {
  const { locale, t } = useI18n();
  const timeZone = useTimeZone();
  return useMemo(
    () =>
      createFormatter(locale, timeZone, {
        minutes: t("unit.minutes"),
        bytes: t("unit.bytes"),
        kilobytes: t("unit.kilobytes"),
      }),
    [locale, timeZone, t],
  );
}
