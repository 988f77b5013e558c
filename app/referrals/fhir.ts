// A referral as FHIR R4, the way the SDOH Clinical Care IG models a closed-loop referral
// (app/screening/reference/referral-task-lifecycle.md): the SDOHCC ServiceRequest is the order,
// whose status only the requester moves (active → completed or revoked); the SDOHCC Task for
// referral management carries it to the performer and tracks fulfilment (status, statusReason with
// the coded reason, owner, focus, and on completion an output: the Procedure saying what was
// delivered). Only what the reader may see goes in. Pure: no I/O.
import { FALLBACK_CONDITION_CODE } from '../screening/need-categories.js';
import { SDOH_CATEGORY_SYSTEM, categoryLabel } from '../screening/sdoh-categories.js';
import type { ReferralStatus } from './lifecycle.js';

type Json = Record<string, any>;

export const REFERRAL_PROFILES = {
  serviceRequest: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest',
  task: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement',
  procedure: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-Procedure',
  condition: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-Condition',
  organization: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-organization',
  patient: 'http://hl7.org/fhir/StructureDefinition/Patient',
  bundle: 'http://hl7.org/fhir/StructureDefinition/Bundle',
} as const;

/** CareLoop's own code system for its value sets (reasons, what was delivered), keyed by value set. */
export const CARELOOP_REASON_SYSTEM = 'https://careloop.example.org/fhir/CodeSystem/referral-reason';
const SNOMED = 'http://snomed.info/sct';
const SDOHCC_TEMPORARY = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';
const TASK_CODE = 'http://hl7.org/fhir/CodeSystem/task-code';
const ICD_10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
const US_CORE_CONDITION_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/condition-category';

/** The order's status follows the Task's: active while it is worked, completed when delivered, revoked when it will not be. */
export function serviceRequestStatus(status: ReferralStatus): 'draft' | 'active' | 'completed' | 'revoked' | 'entered-in-error' {
  switch (status) {
    case 'draft':
      return 'draft';
    case 'completed':
      return 'completed';
    case 'rejected':
    case 'cancelled':
    case 'failed':
      return 'revoked';
    case 'entered-in-error':
      return 'entered-in-error';
    default:
      return 'active';
  }
}

export interface ReferralFhirInput {
  /** Where the resources' full URLs start (the app's FHIR base). */
  baseUrl: string;
  referral: {
    id: string;
    status: ReferralStatus;
    serviceName: string;
    sentAt: string;
    updatedAt: string;
    closedAt: string | null;
    reason: { kind: string; code: string; label: string; text: string | null } | null;
  };
  referring: { id: string; name: string };
  /** The receiving organisation on CareLoop, or the directory's name of one that is not. */
  performer: { id: string | null; name: string };
  patient: { id: string; name: string | null; birthDate: string | null; phone: string | null; email: string | null; language: string | null };
  /** The need, when the reader may see it. */
  need: { id: string; category: string; zCode: string | null; zCodeDisplay: string | null; resolved: boolean; recordedAt: string } | null;
}

const coding = (system: string, code: string, display?: string) => (display === undefined ? { system, code } : { system, code, display });
const meta = (profile: string, lastUpdated: string) => ({ lastUpdated, profile: [profile] });

export function referralToFhirBundle(input: ReferralFhirInput): Json {
  const { referral, need } = input;
  const entries: Json[] = [];
  const add = (resource: Json) => {
    entries.push({ fullUrl: `${input.baseUrl}/${resource.resourceType}/${resource.id}`, resource });
    return { reference: `${resource.resourceType}/${resource.id}` };
  };

  const patientName = input.patient.name?.split(' ');
  const patient = add({
    resourceType: 'Patient',
    id: input.patient.id,
    meta: meta(REFERRAL_PROFILES.patient, referral.updatedAt),
    ...(patientName ? { name: [{ given: patientName.slice(0, -1), family: patientName.at(-1), text: input.patient.name }] } : {}),
    ...(input.patient.birthDate ? { birthDate: input.patient.birthDate } : {}),
    ...(input.patient.phone || input.patient.email
      ? {
          telecom: [
            ...(input.patient.phone ? [{ system: 'phone', value: input.patient.phone }] : []),
            ...(input.patient.email ? [{ system: 'email', value: input.patient.email }] : []),
          ],
        }
      : {}),
    ...(input.patient.language ? { communication: [{ language: { coding: [coding('urn:ietf:bcp:47', input.patient.language)] }, preferred: true }] } : {}),
  });
  const organization = (id: string, name: string) =>
    add({ resourceType: 'Organization', id, meta: meta(REFERRAL_PROFILES.organization, referral.updatedAt), active: true, name });
  const requester = { ...organization(input.referring.id, input.referring.name), display: input.referring.name };
  // A service not on CareLoop has no CareLoop organisation: it is named, not referenced.
  const performer = input.performer.id ? { ...organization(input.performer.id, input.performer.name), display: input.performer.name } : { display: input.performer.name };

  const sdohCategory = need ? [{ coding: [coding(SDOH_CATEGORY_SYSTEM, need.category, categoryLabel(need.category))] }] : [];
  const condition = need
    ? add({
        resourceType: 'Condition',
        id: need.id,
        meta: meta(REFERRAL_PROFILES.condition, need.recordedAt),
        clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', need.resolved ? 'resolved' : 'active', need.resolved ? 'Resolved' : 'Active')] },
        verificationStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed')] },
        category: [
          { coding: [coding(US_CORE_CONDITION_CATEGORY, 'health-concern', 'Health Concern')] },
          { coding: [coding(US_CORE_CATEGORY, 'sdoh', 'SDOH')] },
          ...sdohCategory,
        ],
        code: {
          coding: [coding(ICD_10_CM, need.zCode ?? FALLBACK_CONDITION_CODE.code, need.zCode ? (need.zCodeDisplay ?? undefined) : FALLBACK_CONDITION_CODE.display)],
          text: categoryLabel(need.category),
        },
        subject: patient,
        recordedDate: need.recordedAt,
      })
    : null;

  const serviceRequest = add({
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: meta(REFERRAL_PROFILES.serviceRequest, referral.updatedAt),
    status: serviceRequestStatus(referral.status),
    intent: 'order',
    category: [{ coding: [coding(SNOMED, '410606002', 'Social service procedure')] }, ...sdohCategory],
    // The directory's service, named: HSDS services carry no SNOMED code to bind to.
    code: { text: referral.serviceName },
    subject: patient,
    authoredOn: referral.sentAt,
    requester,
    performer: [performer],
    ...(condition ? { reasonReference: [condition] } : {}),
  });

  const delivered = referral.status === 'completed' && referral.reason?.kind === 'delivered' ? referral.reason : null;
  const procedure = delivered
    ? add({
        resourceType: 'Procedure',
        id: referral.id,
        meta: meta(REFERRAL_PROFILES.procedure, referral.closedAt ?? referral.updatedAt),
        basedOn: [serviceRequest],
        status: 'completed',
        category: sdohCategory[0] ?? { coding: [coding(SNOMED, '410606002', 'Social service procedure')] },
        code: { coding: [coding(`${CARELOOP_REASON_SYSTEM}/delivered`, delivered.code, delivered.label)], text: delivered.text ? `${delivered.label} — ${delivered.text}` : delivered.label },
        subject: patient,
        performedDateTime: referral.closedAt ?? referral.updatedAt,
        ...(condition ? { reasonReference: [condition] } : {}),
      })
    : null;

  const reason = referral.reason && referral.reason.kind !== 'delivered' ? referral.reason : null;
  add({
    resourceType: 'Task',
    id: referral.id,
    meta: meta(REFERRAL_PROFILES.task, referral.updatedAt),
    status: referral.status,
    ...(reason
      ? {
          statusReason: {
            coding: [coding(`${CARELOOP_REASON_SYSTEM}/${reason.kind}`, reason.code, reason.label)],
            text: reason.text ? `${reason.label} — ${reason.text}` : reason.label,
          },
        }
      : {}),
    intent: 'order',
    code: { coding: [coding(TASK_CODE, 'fulfill', 'Fulfill the focal request')] },
    focus: serviceRequest,
    for: patient,
    authoredOn: referral.sentAt,
    lastModified: referral.updatedAt,
    requester,
    owner: performer,
    ...(procedure ? { output: [{ type: { coding: [coding(SDOHCC_TEMPORARY, 'resulting-activity', 'Resulting Activity')] }, valueReference: procedure }] } : {}),
  });

  return { resourceType: 'Bundle', id: `referral-${referral.id}`, meta: meta(REFERRAL_PROFILES.bundle, referral.updatedAt), type: 'collection', timestamp: referral.updatedAt, entry: entries };
}
