import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { STATUS_LABELS, type ReferralStatus } from '~/referrals/lifecycle';
import type { ReferralActionResult, loadReferralPage } from '~/referrals/referral-page.server';
import { Confirmation } from './confirmation';
import { DueDefinitions, ReferralSummary, StatusActions, Timeline } from './referral';
import { AssignForm, ConsentWithdrawal, ContactAttempts, FollowUpTasks, MessageThread, ReReferLink, ServiceContactCard, UnmanagedFollowUp } from './referral-work';

type PageData = Awaited<ReturnType<typeof loadReferralPage>>['data'];

/** The referral as either side works it; the route says which side it is. */
export function ReferralPage({ back }: { back: React.ReactNode }) {
  const page = useLoaderData<PageData>();
  const result = useActionData<ReferralActionResult>();
  const { t } = useTranslation();
  const { referral } = page;
  const confirmation = result?.ok ? result.confirmation : (page.flash ?? undefined);
  const params = confirmation?.params?.status
    ? { ...confirmation.params, status: t(STATUS_LABELS[confirmation.params.status as ReferralStatus]).toLowerCase() }
    : confirmation?.params;
  const referring = referral.side === 'referring';
  const consentShown = referring || referral.consent.state === 'active';
  return (
    <section className="referral-page">
      <p>{back}</p>
      {confirmation ? <Confirmation message={confirmation.message} params={params} /> : null}
      <ReferralSummary referral={referral} reasons={page.reasons} />
      {page.serviceContact ? (
        <ServiceContactCard
          contact={page.serviceContact}
          handoutHref={
            referring && referral.patient.id && referral.needId ? `/patients/${referral.patient.id}/needs/${referral.needId}/handout?service=${referral.serviceId}&referral=${referral.id}` : null
          }
        />
      ) : null}
      {page.canWrite ? (
        <div className="panel">
          <AssignForm
            staff={page.staff}
            current={referring ? referral.assignee : referral.receivingAssignee}
            label={referring ? t('Responsible worker or case manager') : t('Responsible staff member')}
          />
        </div>
      ) : referring && referral.assignee ? (
        <p>{t('Responsible: {{name}}', { name: referral.assignee.name })}</p>
      ) : null}
      {referring && !referral.managed && page.canWrite ? <UnmanagedFollowUp referral={referral} reasons={page.reasons} /> : null}
      <StatusActions referral={referral} next={referral.managed ? page.next : page.next.filter((status) => status === 'cancelled')} reasons={page.reasons} proposeUnableToContact={page.proposeUnableToContact} />
      {referring && page.canWrite ? <ReReferLink referral={referral} /> : null}
      {referring && page.canWrite ? <ConsentWithdrawal referral={referral} /> : null}
      {!referring && page.canWrite ? <ContactAttempts referral={referral} now={page.now} /> : null}
      {consentShown ? <MessageThread messages={page.messages} canPost={page.canWrite} managed={referral.managed} side={referral.side} /> : null}
      {referring ? (
        <FollowUpTasks
          tasks={page.tasks}
          staff={page.staff}
          today={page.today}
          followUpBusinessDays={page.followUpBusinessDays}
          holidays={page.holidays}
          canWrite={page.canWrite}
        />
      ) : null}
      <Timeline events={referral.timeline} reasons={page.reasons} />
      <DueDefinitions />
      <p>
        <a href={`/referrals/${referral.id}/fhir`}>{t('Export as FHIR')}</a>
      </p>
    </section>
  );
}
