// De-identification of the row-level referral export, in the manner of HIPAA's Safe Harbor method:
// no names, contact details, dates of birth or record ids; ZIP codes cut to three digits (000
// where the three-digit area has 20,000 people or fewer); ages only as bands.

/**
 * Three-digit ZIP areas with 20,000 or fewer people (2010 Census), which Safe Harbor replaces with 000.
 * The list is the one HHS's de-identification guidance gives.
 */
export const RESTRICTED_ZIP3 = new Set(['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893']);

export function zip3(postalCode: string): string {
  const digits = postalCode.slice(0, 3);
  if (!/^\d{3}$/.test(digits)) return '';
  return RESTRICTED_ZIP3.has(digits) ? '000' : digits;
}

/** A referral's facts as the export reads them; the days between steps and the window's answer come computed in SQL. */
export interface ReferralFact {
  need_category: string;
  core_domain: string | null;
  sensitive: boolean;
  receiving_name: string | null;
  managed: boolean;
  sent_month: string;
  accepted_month: string | null;
  /** Whole days from sending to the first acceptance, rounded down. */
  days_to_accept: number | null;
  /** Whether a referral in CareLoop was answered within its response window; null when it was not answered or has none. */
  answered_in_window: boolean | null;
  closed_month: string | null;
  days_to_close: number | null;
  status: string;
  /** The coded delivered service, or the coded reason of the other endings (never free text). */
  outcome: string | null;
  age_band: string;
  language: string;
  postal_code: string;
}

export const REFERRAL_EXPORT_COLUMNS = [
  'row',
  'need_category',
  'need_domain',
  'receiving_organization',
  'managed_in_careloop',
  'sent_month',
  'accepted_month',
  'days_to_accept',
  'answered_within_window',
  'closed_month',
  'days_to_close',
  'status',
  'outcome_or_reason',
  'age_band',
  'preferred_language',
  'zip3',
] as const;

/**
 * One export row. A referral for a safety need carries nothing about the patient (no age band,
 * language or ZIP area): with a small organisation, those could point at the person.
 */
export function deidentifiedReferral(row: number, fact: ReferralFact): Array<string | number> {
  return [
    row,
    fact.need_category,
    fact.core_domain ?? '',
    fact.receiving_name ?? '',
    fact.managed ? 'yes' : 'no',
    fact.sent_month,
    fact.accepted_month ?? '',
    fact.days_to_accept ?? '',
    fact.answered_in_window === null ? '' : fact.answered_in_window ? 'yes' : 'no',
    fact.closed_month ?? '',
    fact.days_to_close ?? '',
    fact.status,
    fact.outcome ?? '',
    fact.sensitive ? '' : fact.age_band,
    fact.sensitive ? '' : fact.language,
    fact.sensitive ? '' : zip3(fact.postal_code),
  ];
}
