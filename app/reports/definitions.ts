// How each measure is counted, in the words the report pages and docs/reports.md use.
export interface Definition {
  term: string;
  definition: string;
}

const SCOPE =
  'Counts come from the report facts, brought up to date from screenings, needs, handouts and referral timelines every minute and rebuilt every night. Days and months are those of the organisation’s time zone. Referrals and needs entered in error, voided screenings and drafts are never counted.';

export const SCREENING_DEFINITIONS: Definition[] = [
  { term: 'Screenings', definition: 'Submitted screenings, by the screener used and the month they were submitted. A re-screen is another screening.' },
  {
    term: 'Screened in all five core domains (CMS style)',
    definition:
      'Adults (18 or older on the day) screened at least once in the period, counted once each; of them, those whose screenings in the period together answered food, housing, transportation, utilities and interpersonal safety. A domain counts as screened when it was scored positive or negative, or answered for review.',
  },
  {
    term: 'Screen-positive rate (CMS style)',
    definition:
      'Per core domain, adults positive in it at least once in the period: as a share of adults screened in that domain, and, as CMS counts it, of adults screened in all five. Positive means scored positive, or a need the worker confirmed from that screening.',
  },
  { term: 'Needs identified', definition: 'Needs confirmed by a worker (from a screening or added by hand), by SDOH category and the month they were found, including those since resolved or no longer wanted by the patient.' },
  {
    term: 'What CareLoop cannot know',
    definition:
      'The CMS measures count inpatient admissions of adults; CareLoop counts patients screened by the organisation, whatever the setting, and knows nothing of admissions, discharges or exclusions recorded only in the hospital’s own systems.',
  },
  { term: 'Where the numbers come from', definition: SCOPE },
];

export const INTERVENTION_DEFINITIONS: Definition[] = [
  {
    term: 'Intervention within 30 days (SNS-E style)',
    definition:
      'For food, housing and transportation: patients with a positive screen in the period, counted once per domain at their first positive screen; of them, those with a referral for that domain sent, or information about services (a handout) given for a need in that domain, on the day of the screen or up to 30 days after, whatever became of it. Shown for all ages and by age band (17 or younger, 18 to 64, 65 or older, on the day of the screen). A screen whose 30 days are still running is counted only once it has its intervention.',
  },
  {
    term: 'Information given',
    definition: 'A handout of services printed, texted or e-mailed to the patient from one of their needs counts as an intervention for that need’s domain on the day it was given. A handout given without a need, or for a need outside the domain, does not count. A handout is not contact with a community service provider, so it does not count in the 60-day measure.',
  },
  {
    term: 'Completed contact within 60 days (measure-498 style)',
    definition:
      'Adults positive for at least one of the five core domains in the period, counted once at their first positive screen; of them, those with a referral for one of that screen’s positive domains that the community organisation marked completed within 60 days of the screen. A screen whose 60 days are still running is counted only once it has its contact.',
  },
  {
    term: 'What CareLoop cannot know',
    definition:
      'HEDIS SNS-E and MIPS 498 are specified over health-plan members and clinical encounters, with exclusions (hospice, enrolment gaps) and intervention codes from claims and clinical records. CareLoop has none of these, so its figures follow the measures’ logic over its own screenings and referrals and are not the official measure results.',
  },
  { term: 'Where the numbers come from', definition: SCOPE },
];

export const FUNNEL_DEFINITIONS: Definition[] = [
  {
    term: 'Sent',
    definition:
      'Referrals sent in the period (by the organisation, or to it for a community organisation). Accepted counts every referral that was ever accepted, however often it moved between in progress and on hold afterwards; the other stages are the referral’s status today. Referrals to services outside CareLoop (unmanaged: the referring side records what the patient said happened) count in every stage and are also shown apart.',
  },
  { term: 'Closed-loop rate', definition: 'The share of sent referrals with a known outcome: completed, failed, declined or cancelled.' },
  { term: 'Completion rate', definition: 'The share of sent referrals that were completed (the service was delivered).' },
  {
    term: 'Time to accept and to close',
    definition: 'Days from sending to the first acceptance, and to the outcome: the median and the 90th percentile over the referrals to organisations on CareLoop that reached that step. Unmanaged referrals are left out: their steps are when the referring side heard from the patient, not when a provider acted.',
  },
  {
    term: 'Response within the window',
    definition:
      'A referral answered (accepted or declined) by the receiving organisation by the time it was due: the end of its response window, counted in business days (Monday to Friday, without its holidays) in its time zone when the referral was sent. Referrals still inside their window, and those the sender cancelled before the window ended, are not yet counted either way; unmanaged referrals have no window.',
  },
  { term: 'Where the numbers come from', definition: SCOPE },
];

export const OUTCOME_DEFINITIONS: Definition[] = [
  {
    term: 'Outcomes and reasons',
    definition:
      'Referrals sent in the period that are now closed, by how they ended: what was delivered on completion, and the reason for declining, cancelling or failing, as coded from the referral workflow’s value sets and labelled in the reader’s language. An explanation written beside “Other reason” is not shown: it may name people.',
  },
  {
    term: 'Withdrawn consent',
    definition:
      'A referral whose consent the patient withdrew still counts in every figure here. It is left out of the de-identified row-level export: that row would leave the organisation after the patient took back their consent.',
  },
  { term: 'Where the numbers come from', definition: SCOPE },
];

export const EQUITY_DEFINITION: Definition = {
  term: 'Breakdowns and small numbers',
  definition:
    'Any rate can be broken down by preferred language, age band, ZIP code, or race and ethnicity as answered on PRAPARE. In a breakdown, a group of 1 to 10 people is not shown (<11), here and in the CSV; where that one hidden group could be worked out from the others, the next-smallest is hidden too.',
};
