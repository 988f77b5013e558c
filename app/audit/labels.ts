import type { AuditAction, AuditEntityType } from './audit.server';

/** How the audit viewer names what happened (English; Spanish in the catalogue). Every kind needs one. */
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
} satisfies Record<AuditAction, string>;

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
  'referral-message': 'Referral message',
  'contact-attempt': 'Contact attempt',
  'follow-up-task': 'Follow-up task',
  'patient-merge': 'Patient records merged',
  'information-given': 'Information given',
  report: 'Report',
} satisfies Record<AuditEntityType, string>;
