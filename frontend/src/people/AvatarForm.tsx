import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { SESSION_KEY, type User } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { Field, FormAlert } from "./Field";
import { NO_PROBLEM, formProblem, type FormProblem } from "./formProblem";
import type { Account } from "./profileFields";
import { PROFILE_KEY } from "./ProfileForm";

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const INPUT_ID = "avatar-file";

/** The avatar: a JPEG, PNG or WebP of at most 5 MB, checked here before it is sent. */
export function AvatarForm({ user }: { user: User }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // A new input after each upload: the chosen file is not offered again.
  const [inputKey, setInputKey] = useState(0);
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
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
    onError: (error) => setProblem(formProblem(error, ["file"], t("common.networkError"))),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/profile/avatar")),
    onSuccess: () => changed(null, t("people.avatar.removed")),
    onError: (error) => setProblem(formProblem(error, [], t("common.networkError"))),
  });

  function choose(chosen: File | null) {
    setStatus(null);
    setProblem(NO_PROBLEM);
    setFile(null);
    if (chosen === null) return;
    if (!AVATAR_TYPES.includes(chosen.type)) {
      setProblem({ fields: { file: t("people.avatar.wrongType") }, top: null });
    } else if (chosen.size > AVATAR_MAX_BYTES) {
      setProblem({ fields: { file: t("people.avatar.tooBig") }, top: null });
    } else {
      setFile(chosen);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    if (file === null) {
      if (!problem.fields.file) setProblem({ fields: { file: t("people.avatar.chooseFirst") }, top: null });
      return;
    }
    setProblem(NO_PROBLEM);
    upload.mutate(file);
  }

  const busy = upload.isPending || remove.isPending;
  return (
    <form className="form narrow avatar-form" onSubmit={submit} noValidate>
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
      <FormAlert message={problem.top} />
      <Field
        id={INPUT_ID}
        label={t("people.avatar.file")}
        hint={t("people.avatar.hint")}
        error={problem.fields.file}
      >
        {(control) => (
          <input
            {...control}
            key={inputKey}
            type="file"
            accept={AVATAR_TYPES.join(",")}
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
          />
        )}
      </Field>
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
              setProblem(NO_PROBLEM);
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
