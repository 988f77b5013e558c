// A listing's capacity: CareLoop's words for the SDOH Clinical Care IG's capacity status codes
// (ValueSet SDOHCC-ValueSetCapacityStatus), plus "unknown" for a listing nobody has set. Pure.
export const CAPACITY_STATUSES = ['accepting', 'waitlist', 'no-capacity', 'assessment-required', 'unknown'] as const;
export type CapacityStatus = (typeof CAPACITY_STATUSES)[number];

/** Labels (translation keys) as the screens show them. */
export const CAPACITY_LABELS: Record<CapacityStatus, string> = {
  accepting: 'Accepting referrals',
  waitlist: 'Waitlist',
  'no-capacity': 'No capacity',
  'assessment-required': 'Additional assessment required',
  unknown: 'Capacity not stated',
};

export const SDOHCC_CAPACITY_SYSTEM = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

/** The IG's code and display for each status; "unknown" has none. */
export const SDOHCC_CAPACITY_CODES: Record<Exclude<CapacityStatus, 'unknown'>, { code: string; display: string }> = {
  accepting: { code: 'capacity', display: 'Has Capacity' },
  waitlist: { code: 'waitlist', display: 'No Capacity - Has Waitlist' },
  'no-capacity': { code: 'no-capacity', display: 'No Capacity' },
  'assessment-required': { code: 'additional-assessment-required', display: 'Additional Assessment Required' },
};

export function isCapacityStatus(value: unknown): value is CapacityStatus {
  return typeof value === 'string' && (CAPACITY_STATUSES as readonly string[]).includes(value);
}

/** A status set "until" a day holds through that day, then lapses to unknown. */
export function effectiveCapacity(status: string, until: string | null, today: string): CapacityStatus {
  if (!isCapacityStatus(status)) return 'unknown';
  return until && until < today ? 'unknown' : status;
}

/** Sending a referral to a service in this state needs the worker's confirmation. */
export function capacityNeedsConfirmation(status: CapacityStatus): boolean {
  return status === 'waitlist' || status === 'no-capacity';
}

/** Listings not confirmed for this long are stale: flagged to workers, queued for the platform admins. */
export const STALE_AFTER_DAYS = 180;

export function isStale(lastConfirmed: string | null, today: string): boolean {
  if (!lastConfirmed) return true;
  const ageDays = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastConfirmed.slice(0, 10)}T00:00:00Z`)) / 86_400_000;
  return ageDays > STALE_AFTER_DAYS;
}
