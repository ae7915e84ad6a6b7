import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";

type Greeting = components["schemas"]["Greeting"];

export function GreetingLine({ greeting }: { greeting: Greeting }) {
  const { t } = useI18n();
  return (
    <div className="greeting">
      {greeting.avatar_url && (
        // The name is written next to it: the picture adds nothing for a screen reader.
        <img src={greeting.avatar_url} alt="" width={48} height={48} className="avatar" />
      )}
      <p>{t("dashboard.greeting", { name: greeting.first_name })}</p>
    </div>
  );
}
