// A patient's need as the directory's pages use it (results, service page, handout): the patient
// and need of the worker's own organisation (audited), and the point distances are measured from.
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import { getPatient } from '../patients/patients.server.js';
import { isUuid } from '../ids.js';
import { zipCentroid } from './zip.server.js';

export interface NeedContext {
  patient: { id: string; name: string; postalCode: string; language: string; doNotContact: boolean };
  /** domain: the screening domain that raised the need (null when added by hand). */
  need: { id: string; category: string; status: string; domain: string | null };
  origin: { latitude: number; longitude: number } | undefined;
}

/** Undefined when either id is not the user's organisation's (the caller answers 404). */
export async function loadNeedContext(
  db: Database,
  user: SessionUser,
  patientId: string,
  needId: string,
  requestId?: string,
): Promise<NeedContext | undefined> {
  if (!isUuid(patientId) || !isUuid(needId)) return undefined;
  const patient = await getPatient(db, user, patientId.toLowerCase(), requestId);
  if (!patient) return undefined;
  const need = await db
    .selectFrom('needs')
    .select(['id', 'category', 'status', 'domain'])
    .where('id', '=', needId.toLowerCase())
    .where('patient_id', '=', patient.id)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  if (!need) return undefined;
  const centroid = zipCentroid(patient.postalCode);
  return {
    patient: {
      id: patient.id,
      name: `${patient.givenName} ${patient.familyName}`,
      postalCode: patient.postalCode,
      language: patient.preferredLanguage,
      doNotContact: patient.contactPreference === 'do-not-contact',
    },
    need,
    origin: centroid ? { latitude: centroid.lat, longitude: centroid.lon } : undefined,
  };
}
