import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { SESSION_KEY, type User } from "../auth/session";
import { FileField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import type { Account } from "./profileFields";
import { PROFILE_KEY } from "./ProfileForm";

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const INPUT_ID = "avatar-file";
const FIELDS = ["file"] as const;

/** The avatar: a JPEG, PNG or WebP of at most 5 MB, checked here before it is sent. */
export function AvatarForm({ user }: { user: User }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // A new input after each upload: the chosen file is not offered again.
  const [inputKey, setInputKey] = useState(0);
  const problems = useFormProblems(FIELDS, { withDetail: true });
  const [status, setStatus] = useState<string | null>(null);

  function changed(avatarUrl: string | null, message: string) {
    queryClient.setQueryData<User>(SESSION_KEY, (now) => (now ? { ...now, avatar_url: avatarUrl } : now));
    queryClient.setQueryData<Account>(PROFILE_KEY, (now) =>
      now ? { ...now, user: { ...now.user, avatar_url: avatarUrl } } : now,
    );
    setStatus(message);
  }

  const upload = useMutation({
    mutationFn: (chosen: File) =>
      unwrap(
        api.PUT("/api/v1/profile/avatar", {
          // The typed body only names the file; the serializer sends the file itself.
          body: { file: chosen.name },
          bodySerializer: () => {
            const form = new FormData();
            form.append("file", chosen);
            return form;
          },
        }),
      ),
    onSuccess: (answer) => {
      setFile(null);
      setInputKey((key) => key + 1);
      changed(answer.avatar_url, t("people.avatar.uploaded"));
    },
    onError: problems.fail,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/profile/avatar")),
    onSuccess: () => changed(null, t("people.avatar.removed")),
    onError: problems.fail,
  });

  function choose(chosen: File | null) {
    setStatus(null);
    problems.clear();
    setFile(null);
    if (chosen === null) return;
    if (!AVATAR_TYPES.includes(chosen.type)) {
      problems.show({ file: t("people.avatar.wrongType") });
    } else if (chosen.size > AVATAR_MAX_BYTES) {
      problems.show({ file: t("people.avatar.tooBig") });
    } else {
      setFile(chosen);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    if (file === null) {
      if (!problems.fields.file) problems.show({ file: t("people.avatar.chooseFirst") });
      return;
    }
    problems.clear();
    upload.mutate(file);
  }

  const busy = upload.isPending || remove.isPending;
  return (
    <form ref={problems.formRef} className="form narrow avatar-form" onSubmit={submit} noValidate>
      {user.avatar_url ? (
        <img
          src={user.avatar_url}
          alt={t("people.avatar.current")}
          width={96}
          height={96}
          className="avatar large"
        />
      ) : (
        <p className="empty">{t("people.avatar.none")}</p>
      )}
      <FormProblem text={problems.top} />
      <FileField
        key={inputKey}
        id={INPUT_ID}
        label={t("people.avatar.file")}
        hint={t("people.avatar.hint")}
        accept={AVATAR_TYPES.join(",")}
        onChange={choose}
        error={problems.fields.file}
      />
      <p className="toolbar">
        <button type="submit" disabled={busy}>
          {upload.isPending ? t("people.avatar.uploading") : t("people.avatar.upload")}
        </button>
        {user.avatar_url && (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setStatus(null);
              problems.clear();
              if (window.confirm(t("people.avatar.removeConfirm"))) remove.mutate();
            }}
          >
            {t("people.avatar.remove")}
          </button>
        )}
      </p>
      <p role="status">{status}</p>
    </form>
  );
}
