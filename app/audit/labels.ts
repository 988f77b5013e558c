/** How the audit viewer names what happened (English; Spanish in the catalogue). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  read: 'Viewed',
  create: 'Created',
  update: 'Changed',
  export: 'Exported',
  download: 'Downloaded',
  'sign-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-out': 'Signed out',
  refused: 'Refused (not found)',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  patient: 'Patient',
  screening: 'Screening',
  need: 'Need',
  consent: 'Consent',
  referral: 'Referral',
  'patient-list': 'Patient list',
  caseload: 'Caseload',
  inbox: 'Referral inbox',
  'self-screening-link': 'Self-screening link',
  session: 'Session',
  page: 'Page',
  'audit-trail': 'Audit trail',
  organization: 'Organisation',
  user: 'User account',
  invitation: 'Invitation',
};
