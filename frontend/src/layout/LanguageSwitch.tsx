import { LANGS, useI18n, type Lang } from "../i18n/I18nProvider";

// Each language is named in itself, so that a reader of either can find their own.
const NAMES: Record<Lang, string> = { ru: "Русский", en: "English" };

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t("header.language")}>
      {LANGS.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === lang}
          onClick={() => setLang(option)}
        >
          {NAMES[option]}
        </button>
      ))}
    </div>
  );
}
