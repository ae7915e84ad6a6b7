import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../api/ApiProvider";
import { FileField, TextField } from "../forms/fields";
import { FormProblem, useFormProblems } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { keys, refresh, submitWork } from "./api";

const FIELDS = ["text", "file"] as const;

/** Hands in a text, a file or both (again, as a new version, until the work is graded). */
export function SubmitForm({ assignmentId, again }: { assignmentId: string; again: boolean }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input once its file has been handed in.
  const [fileKey, setFileKey] = useState(0);
  const [done, setDone] = useState(false);
  const problems = useFormProblems(FIELDS);

  const submit = useMutation({
    mutationFn: () => submitWork(api, assignmentId, text, file),
    onSuccess: async () => {
      setText("");
      setFile(null);
      setFileKey((key) => key + 1);
      setDone(true);
      await refresh(queryClient, keys.homework, keys.submissions);
    },
    onError: problems.fail,
  });

  function send(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (!text.trim() && file === null) return problems.show({}, t("learning.textOrFile"));
    problems.clear();
    submit.mutate();
  }

  return (
    <form ref={problems.formRef} className="form learning-form submit-work" noValidate onSubmit={send}>
      <h3>{again ? t("learning.submitAgain") : t("learning.submitTitle")}</h3>
      <FormProblem text={problems.top} />
      <TextField
        id="work-text"
        label={t("learning.answer")}
        rows={8}
        value={text}
        onChange={setText}
        error={problems.fields.text}
      />
      <FileField
        key={fileKey}
        id="work-file"
        label={t("learning.answerFile")}
        hint={t("learning.answerFileHint")}
        onChange={setFile}
        error={problems.fields.file}
      />
      <button type="submit" disabled={submit.isPending}>
        {submit.isPending ? t("learning.sending") : t("learning.submit")}
      </button>
      <span role="status" className="form-status">
        {done && t("learning.submitted")}
      </span>
    </form>
  );
}
