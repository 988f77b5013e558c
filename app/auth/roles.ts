export const ROLES = ['social_worker', 'case_manager', 'cbo_staff', 'org_admin', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  social_worker: 'Social worker',
  case_manager: 'Case manager',
  cbo_staff: 'Community organisation staff',
  org_admin: 'Organisation admin',
  platform_admin: 'Platform admin',
};

/** What each role may do. Object-level checks (which organisation) happen in the queries. */
export const PERMISSIONS = {
  'read:patient': ['social_worker', 'case_manager', 'org_admin'],
  'write:patient': ['social_worker', 'case_manager'],
  'write:screening': ['social_worker', 'case_manager'],
  'write:referral': ['social_worker', 'case_manager'],
  'read:caseload': ['case_manager', 'social_worker', 'org_admin'],
  'work:inbox': ['cbo_staff', 'org_admin'],
  'admin:platform': ['platform_admin'],
  /** The audit trail: an organisation admin sees their organisation's, a platform admin everyone's. */
  'read:audit': ['org_admin', 'platform_admin'],
  'read:reports': ['social_worker', 'case_manager', 'cbo_staff', 'org_admin', 'platform_admin'],
  /** The de-identified row-level referral export, for the referring organisation's analysts. */
  'export:referral-rows': ['case_manager', 'org_admin'],
  /** The people of one's own organisation: invitations, roles, disabling, MFA resets. */
  'admin:organization': ['org_admin'],
  'search:directory': ['social_worker', 'case_manager', 'org_admin', 'cbo_staff', 'platform_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Where each person lands after signing in. */
export function homePath(role: Role, organizationKind: 'referring' | 'receiving' | 'platform'): string {
  if (role === 'platform_admin') return '/admin';
  if (role === 'cbo_staff' || organizationKind === 'receiving') return '/portal';
  if (role === 'case_manager') return '/caseload';
  return '/patients';
}
