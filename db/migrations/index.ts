import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as directory from './0002_directory.js';
import * as registry from './0003_patient_registry_and_screening_workflow.js';
import * as auditTruncate from './0004_audit_truncate_guard.js';

// Forward-only, applied in key order. Never edit a migration that has shipped; add a new one.
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_directory': directory,
  '0003_patient_registry_and_screening_workflow': registry,
  '0004_audit_truncate_guard': auditTruncate,
};
