// The SDOH Clinical Care IG's invariants, checked in code: the IG packages cannot be loaded into a
// validator here, so the rules an exported resource must meet are written out, one per function,
// each named as the IG names it. Pure; used by the tests of every FHIR export (screenings, referrals).

type Json = Record<string, any>;

export interface IgViolation {
  /** resourceType/id of the offending resource. */
  resource: string;
  rule: string;
  message: string;
}

const TERMINOLOGY_CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const US_CORE_CONDITION_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/condition-category';
const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
// Code systems of US Core's required Condition.code binding that CareLoop writes.
const CONDITION_CODE_SYSTEMS = new Set(['http://hl7.org/fhir/sid/icd-10-cm', 'http://snomed.info/sct']);

const codings = (concepts: unknown): Json[] =>
  Array.isArray(concepts) ? concepts.flatMap((concept: Json) => (Array.isArray(concept?.coding) ? concept.coding : [])) : [];
const has = (concepts: unknown, system: string, code: string) => codings(concepts).some((entry) => entry.system === system && entry.code === code);

/** SDOH-Con-2: a category from US Core's encounter-diagnosis, or problem-or-health-concern value set. */
export function sdohCon2(condition: Json): boolean {
  return (
    has(condition.category, TERMINOLOGY_CONDITION_CATEGORY, 'encounter-diagnosis') ||
    has(condition.category, TERMINOLOGY_CONDITION_CATEGORY, 'problem-list-item') ||
    has(condition.category, US_CORE_CONDITION_CATEGORY, 'health-concern')
  );
}

/** SDOH-Con-3: a category is US Core's sdoh. */
export function sdohCon3(condition: Json): boolean {
  return has(condition.category, US_CORE_CATEGORY, 'sdoh');
}

/** SDOH-Con-1: at most one asserter (the asserter element or the asserter-device extension). */
export function sdohCon1(condition: Json): boolean {
  const devices = Array.isArray(condition.extension)
    ? condition.extension.filter((extension: Json) => extension?.url === 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionConditionAsserter').length
    : 0;
  return devices + (condition.asserter ? 1 : 0) <= 1;
}

/** Condition.code is required and bound (required) to US Core condition codes: an ICD-10-CM or SNOMED CT coding. */
export function conditionCodeBound(condition: Json): boolean {
  return codings(condition.code ? [condition.code] : []).some((entry) => CONDITION_CODE_SYSTEMS.has(entry.system) && typeof entry.code === 'string' && entry.code !== '');
}

/** SDOH-Obs-4 and US Core screening assessment (assess-1): categories hold both survey and sdoh. */
export function screeningObservationCategories(observation: Json): boolean {
  return has(observation.category, OBSERVATION_CATEGORY, 'survey') && has(observation.category, US_CORE_CATEGORY, 'sdoh');
}

/** Every resource says which profile it claims and when it last changed. */
export function hasProfileAndLastUpdated(resource: Json): boolean {
  return Array.isArray(resource.meta?.profile) && resource.meta.profile.length > 0 && typeof resource.meta?.lastUpdated === 'string';
}

/** Every IG rule every resource of a Bundle breaks (empty when it conforms). */
export function sdohIgViolations(bundle: Json): IgViolation[] {
  const violations: IgViolation[] = [];
  const resources: Json[] = [bundle, ...(Array.isArray(bundle.entry) ? bundle.entry.map((entry: Json) => entry.resource) : [])];
  for (const resource of resources) {
    const name = `${resource.resourceType}/${resource.id ?? '(bundle)'}`;
    const check = (rule: string, ok: boolean, message: string) => {
      if (!ok) violations.push({ resource: name, rule, message });
    };
    check('meta', hasProfileAndLastUpdated(resource), 'meta.profile and meta.lastUpdated are required on every exported resource');
    if (resource.resourceType === 'Condition') {
      check('SDOH-Con-1', sdohCon1(resource), 'at most one asserter');
      check('SDOH-Con-2', sdohCon2(resource), 'a category must be encounter-diagnosis, problem-list-item or health-concern');
      check('SDOH-Con-3', sdohCon3(resource), 'a category must be US Core sdoh');
      check('code-binding', conditionCodeBound(resource), 'code must hold an ICD-10-CM or SNOMED CT coding');
      check('recordedDate', typeof resource.recordedDate === 'string', 'recordedDate is expected');
    }
    if (resource.resourceType === 'Observation') {
      check('SDOH-Obs-4/assess-1', screeningObservationCategories(resource), 'category must hold both survey and sdoh');
    }
  }
  return violations;
}
