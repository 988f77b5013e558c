// The background tasks and what each one is given. Payloads carry ids, never patient data: a
// handler reads the current state when it runs, so a job that runs twice, or late, does the right thing.
/**
 * Something that happened in a domain that people may need to hear about: `referral.accepted`,
 * `self-screening.completed` ... The notifications module decides who hears of which kinds; a kind
 * nobody listens to is dropped. The key makes the same event, dispatched twice, notify once.
 */
export interface DomainEvent {
  kind: string;
  eventKey: string;
  /** The object it is about (a referral, a screening, an organisation). */
  subjectId: string;
  /** Whoever caused it; never notified of their own action. */
  actorUserId?: string | null;
}

export interface TaskPayloads {
  /** Resolve who hears about an event, add it to their in-app list, and queue their e-mail. */
  'notifications.dispatch': DomainEvent;
  /** Send one e-mail or text message recorded in message_deliveries (by its idempotency key). */
  'messages.send': { deliveryKey: string };
  /** Bring the search index up to date for these directory services (re-read from the directory). */
  'search.sync-services': { serviceIds: string[] };
  /** A need's vocabulary changed: every service is scored again (queued as search.sync-services batches). */
  'search.rescore-need': { needCategory: string };
  /** The hourly digest of notifications for people who chose one. */
  'notifications.digest': Record<string, never>;
  /** Referrals past their organisation's response window, or without an update for too long. */
  'referrals.scan-overdue': Record<string, never>;
  /** Follow-up tasks that fell due today. */
  'follow-ups.scan-due': Record<string, never>;
  /** Open referrals whose consent has expired. */
  'consents.scan-expired': Record<string, never>;
  /** An HSDS package uploaded in the browser: import it (or dry-run it) and record the report. */
  'directory.import-package': { importId: string };
  /** Listings nobody has confirmed for too long: a reminder to the organisation's admins. */
  'directory.scan-stale-listings': Record<string, never>;
  'directory.lapse-capacity': Record<string, never>;
  'search.refresh-hours': Record<string, never>;
  /** Sessions past their expiry and old sign-in attempts. */
  'sessions.purge': Record<string, never>;
  /** Jobs locked by a worker process that stopped answering go back to the queue. */
  'jobs.release-stale-locks': Record<string, never>;
  /** Bring the report facts up to date for the patients changed since the last refresh. */
  'reports.refresh': Record<string, never>;
  /** Derive every report fact again (nightly), so nothing an incremental refresh missed lasts. */
  'reports.rebuild': Record<string, never>;
  /** Compute one kept platform-wide report snapshot again (its key names the page and filters). */
  'reports.compute-snapshot': { key: string };
  /** Keep the platform-wide snapshots people read up to date, and the default views ready. */
  'reports.refresh-snapshots': Record<string, never>;
}

export type TaskName = keyof TaskPayloads;

/** Schedules (cron, in UTC) of the scans; each runs once per tick across all worker processes. */
export const SCHEDULES: Array<{ task: TaskName; cron: string }> = [
  { task: 'referrals.scan-overdue', cron: '*/15 * * * *' },
  { task: 'consents.scan-expired', cron: '5 * * * *' },
  { task: 'follow-ups.scan-due', cron: '10 * * * *' },
  { task: 'notifications.digest', cron: '0 * * * *' },
  { task: 'directory.scan-stale-listings', cron: '30 15 * * *' },
  { task: 'directory.lapse-capacity', cron: '2 * * * *' },
  { task: 'search.refresh-hours', cron: '40 10 * * *' },
  { task: 'sessions.purge', cron: '20 * * * *' },
  { task: 'jobs.release-stale-locks', cron: '* * * * *' },
  { task: 'reports.refresh', cron: '* * * * *' },
  { task: 'reports.rebuild', cron: '40 10 * * *' },
  { task: 'reports.refresh-snapshots', cron: '*/15 * * * *' },
];
