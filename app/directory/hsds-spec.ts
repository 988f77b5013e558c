// The HSDS 3.0.0 tables as the specification's own datapackage.json declares them (a verbatim copy in
// hsds-3.0/): fields, types, formats, required and unique constraints, enums, primary and foreign
// keys. The importer enforces these, whatever a package says about itself; the exporter writes them.
import specification from './hsds-3.0/datapackage.json';

export type HsdsFieldType = 'uuid' | 'string' | 'number' | 'date' | 'datetime' | 'time';

export interface HsdsField {
  name: string;
  type: HsdsFieldType;
  format?: 'email' | 'uri';
  required: boolean;
  unique: boolean;
  enum?: string[];
  /** The HSDS resource whose id this field holds (the specification's foreign keys). */
  references?: HsdsResourceName;
}

export const HSDS_RESOURCE_NAMES = [
  'organization', 'program', 'service', 'attribute', 'service_at_location', 'location', 'phone', 'contact', 'address',
  'schedule', 'funding', 'service_area', 'required_document', 'language', 'accessibility', 'taxonomy_term', 'metadata',
  'meta_table_description', 'cost_option', 'organization_identifier', 'taxonomy',
] as const;
export type HsdsResourceName = (typeof HSDS_RESOURCE_NAMES)[number];

export interface HsdsResource {
  name: HsdsResourceName;
  /** The CSV file name the specification gives this resource. */
  path: string;
  table: string;
  fields: HsdsField[];
}

const TABLES: Record<HsdsResourceName, string> = {
  organization: 'hsds_organizations',
  program: 'hsds_programs',
  service: 'hsds_services',
  attribute: 'hsds_attributes',
  service_at_location: 'hsds_service_at_location',
  location: 'hsds_locations',
  phone: 'hsds_phones',
  contact: 'hsds_contacts',
  address: 'hsds_addresses',
  schedule: 'hsds_schedules',
  funding: 'hsds_funding',
  service_area: 'hsds_service_areas',
  required_document: 'hsds_required_documents',
  language: 'hsds_languages',
  accessibility: 'hsds_accessibility',
  taxonomy_term: 'hsds_taxonomy_terms',
  metadata: 'hsds_metadata',
  meta_table_description: 'hsds_meta_table_descriptions',
  cost_option: 'hsds_cost_options',
  organization_identifier: 'hsds_organization_identifiers',
  taxonomy: 'hsds_taxonomies',
};

interface SpecField {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; enum?: string[] };
}
interface SpecResource {
  name: string;
  path: string;
  schema: { fields: SpecField[]; foreignKeys?: Array<{ fields: string; reference: { resource: string; fields: string } }> };
}

function fieldType(field: SpecField): HsdsFieldType {
  if (field.type === 'string') return field.format === 'uuid' ? 'uuid' : 'string';
  if (field.type === 'number' || field.type === 'date' || field.type === 'datetime' || field.type === 'time') return field.type;
  throw new Error(`HSDS field ${field.name} has a type CareLoop does not know: ${field.type}`);
}

function toResource(resource: SpecResource): HsdsResource {
  const name = resource.name as HsdsResourceName;
  const references = new Map((resource.schema.foreignKeys ?? []).map((key) => [key.fields, key.reference.resource as HsdsResourceName]));
  return {
    name,
    path: resource.path,
    table: TABLES[name],
    fields: resource.schema.fields.map((field) => ({
      name: field.name,
      type: fieldType(field),
      format: field.format === 'email' || field.format === 'uri' ? field.format : undefined,
      required: field.constraints?.required === true,
      unique: field.constraints?.unique === true,
      enum: field.constraints?.enum,
      references: references.get(field.name),
    })),
  };
}

/** Every HSDS 3.0 resource, in the specification's order. */
export const HSDS_RESOURCES: HsdsResource[] = (specification.resources as SpecResource[]).map(toResource);
export const HSDS_RESOURCE_BY_NAME = new Map(HSDS_RESOURCES.map((resource) => [resource.name, resource]));
export const HSDS_VERSION = specification.version;

/** The specification's datapackage.json as written, for an export. */
export const SPECIFICATION_DESCRIPTOR: unknown = specification;

export function isHsdsResourceName(value: string): value is HsdsResourceName {
  return (HSDS_RESOURCE_NAMES as readonly string[]).includes(value);
}
