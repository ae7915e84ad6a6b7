import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { en, ru, type MessageKey } from "./messages";

export type Lang = "ru" | "en";
export const LANGS: readonly Lang[] = ["ru", "en"];
export const STORAGE_KEY = "thebot.lang";
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { ru, en };
// British English: 24-hour times and day-month order, as the school writes them.
const LOCALES: Record<Lang, string> = { ru: "ru-RU", en: "en-GB" };

/** Values the platform sends as codes, shown through "<group>.<code>" keys. */
export type LabelGroup =
  | "role"
  | "notificationKind"
  | "paymentState"
  | "paymentStatus"
  | "paymentOutcome"
  | "paymentSource"
  | "materialType"
  | "materialStatus"
  | "homeworkState"
  | "activityKind"
  | "chatKind"
  | "planStatus";

type Params = Record<string, string | number>;

interface I18n {
  lang: Lang;
  locale: string;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** The words for a code the platform sends; the code itself for one it added later. */
  label: (group: LabelGroup, code: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === "en" ? "en" : "ru";
  } catch {
    return "ru";
  }
}

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => fixed ?? storedLang());

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice then lasts for this page only.
    }
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[lang];
    const words = dictionary as Record<string, string>;
    return {
      lang,
      locale: LOCALES[lang],
      setLang,
      t: (key, params) => interpolate(dictionary[key], params),
      label: (group, code) => words[`${group}.${code}`] ?? code,
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error("useI18n needs an I18nProvider above it");
  return value;
}
