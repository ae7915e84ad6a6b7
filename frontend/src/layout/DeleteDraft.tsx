import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useApi } from "../api/ApiProvider";
import type { Api } from "../api/client";
import { ConfirmedAction } from "./ConfirmedAction";

interface Props {
  label: string;
  question: string;
  /** Deletes the draft on the platform. */
  remove: (api: Api) => Promise<unknown>;
  /** The list its author goes back to. */
  listPath: string;
  /** The draft's own query, forgotten once the draft is gone. */
  draftKey: QueryKey;
  /** Reads again the lists that showed the draft. */
  refresh: (queryClient: QueryClient) => Promise<unknown>;
}

/** A draft's delete button (a report's, a plan's): asks first, then the author is back at the list. */
export function DeleteDraft({ label, question, remove, listPath, draftKey, refresh }: Props) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <p>
      <ConfirmedAction
        className="danger"
        label={label}
        question={question}
        run={async () => {
          await remove(api);
          navigate(listPath);
          queryClient.removeQueries({ queryKey: draftKey });
          await refresh(queryClient);
        }}
      />
    </p>
  );
}
