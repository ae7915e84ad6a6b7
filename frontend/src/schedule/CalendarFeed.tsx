import { useId, useRef, useState } from "react";
import { useI18n } from "../i18n/I18nProvider";
import { useCalendarFeed, useRotateCalendarFeed } from "./queries";

/** The personal iCalendar feed: its URL to copy into a calendar app, and a new one on demand. */
export function CalendarFeed() {
  const { t } = useI18n();
  const feed = useCalendarFeed();
  const rotate = useRotateCalendarFeed();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const rotateButton = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState("");

  async function copy() {
    const url = feed.data?.feed_url ?? "";
    try {
      await navigator.clipboard.writeText(url);
      setNote(t("schedule.calendar.copied"));
    } catch {
      // No clipboard (an insecure page, a refusal): the URL is selected for the reader to copy.
      input.current?.focus();
      input.current?.select();
      setNote(t("schedule.calendar.copyYourself"));
    }
  }

  function answered() {
    setConfirming(false);
    rotateButton.current?.focus();
  }

  function confirmRotation() {
    answered();
    rotate.mutate(undefined, { onSuccess: () => setNote(t("schedule.calendar.rotated")) });
  }

  return (
    <section aria-labelledby="calendar-title" className="card calendar-feed">
      <h2 id="calendar-title">{t("schedule.calendar.title")}</h2>
      <p>{t("schedule.calendar.text")}</p>
      {feed.isPending && <p role="status">{t("common.loading")}</p>}
      {feed.isError && (
        <p role="alert" className="error">
          {t("common.loadFailed")}
        </p>
      )}
      {feed.data && (
        <div className="field">
          <label htmlFor={inputId}>{t("schedule.calendar.url")}</label>
          <div className="copy-row">
            <input
              ref={input}
              id={inputId}
              type="text"
              readOnly
              value={feed.data.feed_url}
              onFocus={(event) => event.currentTarget.select()}
            />
            <button type="button" onClick={() => void copy()}>
              {t("schedule.calendar.copy")}
            </button>
          </div>
        </div>
      )}
      <button
        ref={rotateButton}
        type="button"
        aria-expanded={confirming}
        disabled={!feed.data}
        onClick={() => {
          if (rotate.isPending) return;
          setNote("");
          setConfirming(true);
        }}
      >
        {t("schedule.calendar.rotate")}
      </button>
      {confirming && (
        <div role="group" aria-labelledby="calendar-confirm" className="confirm">
          <p id="calendar-confirm">{t("schedule.calendar.confirm")}</p>
          <button type="button" onClick={confirmRotation}>
            {t("schedule.calendar.confirmYes")}
          </button>{" "}
          {/* The question is read first; the safe answer is the one that has the focus. */}
          <button type="button" autoFocus onClick={() => answered()}>
            {t("schedule.calendar.confirmNo")}
          </button>
        </div>
      )}
      <p role="status" className="form-status">
        {note}
      </p>
      {rotate.isError && (
        <p role="alert" className="error">
          {rotate.error.message}
        </p>
      )}
    </section>
  );
}
