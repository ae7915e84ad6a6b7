import { useQuery } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { Page } from "../layout/Page";
import { QueryProblem } from "../layout/QueryProblem";
import { AvatarForm } from "./AvatarForm";
import { PasswordChangeForm } from "./PasswordChangeForm";
import type { Account } from "./profileFields";
import { PROFILE_KEY, ProfileForm } from "./ProfileForm";

/** One's own profile, for every role: details, avatar and password. */
export function ProfilePage() {
  const { api } = useApi();
  const { t } = useI18n();
  const profile = useQuery({ queryKey: PROFILE_KEY, queryFn: () => unwrap(api.GET("/api/v1/profile")) });
  return (
    <Page title={t("people.profile.title")}>
      {profile.isPending && <p role="status">{t("common.loading")}</p>}
      {profile.isError && <QueryProblem error={profile.error} retry={() => void profile.refetch()} />}
      {profile.data && <Sections account={profile.data} />}
    </Page>
  );
}

function Sections({ account }: { account: Account }) {
  const { t, label } = useI18n();
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t("people.email")}</dt>
          <dd>{account.user.email}</dd>
        </div>
        <div>
          <dt>{t("people.role")}</dt>
          <dd>{label("role", account.user.role)}</dd>
        </div>
      </dl>
      <div className="grid">
        <section aria-labelledby="profile-details" className="card">
          <h2 id="profile-details">{t("people.profile.details")}</h2>
          <ProfileForm account={account} />
        </section>
        <section aria-labelledby="profile-avatar" className="card">
          <h2 id="profile-avatar">{t("people.avatar.title")}</h2>
          <AvatarForm user={account.user} />
        </section>
        <section aria-labelledby="profile-password" className="card">
          <h2 id="profile-password">{t("people.password.title")}</h2>
          <PasswordChangeForm />
        </section>
      </div>
    </>
  );
}
