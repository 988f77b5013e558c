// The HSDS 3.0.0 tables CareLoop stores, as the HSDS datapackage.json and JSON schemas define them.
// Foreign keys to tables CareLoop does not store (contact, program) are not listed.

export type HsdsFieldType = 'uuid' | 'string' | 'number' | 'date' | 'datetime' | 'time';

export interface HsdsField {
  name: string;
  type: HsdsFieldType;
  required?: true;
  enum?: string[];
  /** The HSDS resource whose id this field holds. */
  references?: HsdsResourceName;
}

export type HsdsResourceName =
  | 'taxonomy' | 'taxonomy_term' | 'organization' | 'location' | 'service' | 'service_at_location' | 'address'
  | 'phone' | 'schedule' | 'language' | 'funding' | 'service_area' | 'attribute';

export interface HsdsResource {
  name: HsdsResourceName;
  /** The CSV file name the HSDS datapackage gives this resource. */
  path: string;
  table: string;
  fields: HsdsField[];
}

/** In insertion order: every resource comes after the resources it references. */
export const HSDS_RESOURCES: HsdsResource[] = [
  {
    name: 'taxonomy',
    path: 'taxonomies.csv',
    table: 'hsds_taxonomies',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'description', type: 'string', required: true },
      { name: 'uri', type: 'string' },
      { name: 'version', type: 'string' },
    ],
  },
  {
    name: 'taxonomy_term',
    path: 'taxonomy_terms.csv',
    table: 'hsds_taxonomy_terms',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'code', type: 'string' },
      { name: 'name', type: 'string', required: true },
      { name: 'description', type: 'string', required: true },
      { name: 'parent_id', type: 'uuid' },
      { name: 'taxonomy', type: 'string' },
      { name: 'language', type: 'string' },
      { name: 'taxonomy_id', type: 'uuid', references: 'taxonomy' },
      { name: 'term_uri', type: 'string' },
    ],
  },
  {
    name: 'organization',
    path: 'organizations.csv',
    table: 'hsds_organizations',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string', required: true },
      { name: 'email', type: 'string' },
      { name: 'website', type: 'string' },
      { name: 'tax_status', type: 'string' },
      { name: 'tax_id', type: 'string' },
      { name: 'year_incorporated', type: 'number' },
      { name: 'legal_status', type: 'string' },
      { name: 'logo', type: 'string' },
      { name: 'uri', type: 'string' },
      { name: 'parent_organization_id', type: 'uuid' },
    ],
  },
  {
    name: 'location',
    path: 'locations.csv',
    table: 'hsds_locations',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'location_type', type: 'string', required: true, enum: ['physical', 'postal', 'virtual'] },
      { name: 'url', type: 'string' },
      { name: 'organization_id', type: 'uuid', references: 'organization' },
      { name: 'name', type: 'string' },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'transportation', type: 'string' },
      { name: 'latitude', type: 'number' },
      { name: 'longitude', type: 'number' },
      { name: 'external_identifier', type: 'string' },
      { name: 'external_identifier_type', type: 'string' },
    ],
  },
  {
    name: 'service',
    path: 'services.csv',
    table: 'hsds_services',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'organization_id', type: 'uuid', references: 'organization' },
      { name: 'program_id', type: 'uuid' },
      { name: 'name', type: 'string', required: true },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'url', type: 'string' },
      { name: 'email', type: 'string' },
      { name: 'status', type: 'string', required: true, enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
      { name: 'interpretation_services', type: 'string' },
      { name: 'application_process', type: 'string' },
      { name: 'fees_description', type: 'string' },
      { name: 'wait_time', type: 'string' },
      { name: 'fees', type: 'string' },
      { name: 'accreditations', type: 'string' },
      { name: 'eligibility_description', type: 'string' },
      { name: 'minimum_age', type: 'number' },
      { name: 'maximum_age', type: 'number' },
      { name: 'assured_date', type: 'date' },
      { name: 'assurer_email', type: 'string' },
      { name: 'licenses', type: 'string' },
      { name: 'alert', type: 'string' },
      { name: 'last_modified', type: 'datetime' },
    ],
  },
  {
    name: 'service_at_location',
    path: 'service_at_location.csv',
    table: 'hsds_service_at_location',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'service_id', type: 'uuid', references: 'service' },
      { name: 'location_id', type: 'uuid', references: 'location' },
      { name: 'description', type: 'string' },
    ],
  },
  {
    name: 'address',
    path: 'addresses.csv',
    table: 'hsds_addresses',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'location_id', type: 'uuid', references: 'location' },
      { name: 'attention', type: 'string' },
      { name: 'address_1', type: 'string', required: true },
      { name: 'address_2', type: 'string' },
      { name: 'city', type: 'string', required: true },
      { name: 'region', type: 'string' },
      { name: 'state_province', type: 'string', required: true },
      { name: 'postal_code', type: 'string', required: true },
      { name: 'country', type: 'string', required: true },
      { name: 'address_type', type: 'string', required: true, enum: ['physical', 'postal', 'virtual'] },
    ],
  },
  {
    name: 'phone',
    path: 'phones.csv',
    table: 'hsds_phones',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'location_id', type: 'uuid', references: 'location' },
      { name: 'service_id', type: 'uuid', references: 'service' },
      { name: 'organization_id', type: 'uuid', references: 'organization' },
      { name: 'contact_id', type: 'uuid' },
      { name: 'service_at_location_id', type: 'uuid', references: 'service_at_location' },
      { name: 'number', type: 'string', required: true },
      { name: 'extension', type: 'number' },
      { name: 'type', type: 'string' },
      { name: 'description', type: 'string' },
    ],
  },
  {
    name: 'schedule',
    path: 'schedules.csv',
    table: 'hsds_schedules',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'service_id', type: 'uuid', references: 'service' },
      { name: 'location_id', type: 'uuid', references: 'location' },
      { name: 'service_at_location_id', type: 'uuid', references: 'service_at_location' },
      { name: 'valid_from', type: 'date' },
      { name: 'valid_to', type: 'date' },
      { name: 'dtstart', type: 'date' },
      { name: 'timezone', type: 'number' },
      { name: 'until', type: 'date' },
      { name: 'count', type: 'number' },
      { name: 'wkst', type: 'string', enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      { name: 'freq', type: 'string', enum: ['WEEKLY', 'MONTHLY'] },
      { name: 'interval', type: 'number' },
      { name: 'byday', type: 'string' },
      { name: 'byweekno', type: 'string' },
      { name: 'bymonthday', type: 'string' },
      { name: 'byyearday', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'opens_at', type: 'time' },
      { name: 'closes_at', type: 'time' },
      { name: 'schedule_link', type: 'string' },
      { name: 'attending_type', type: 'string' },
      { name: 'notes', type: 'string' },
    ],
  },
  {
    name: 'language',
    path: 'languages.csv',
    table: 'hsds_languages',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'service_id', type: 'uuid', references: 'service' },
      { name: 'location_id', type: 'uuid', references: 'location' },
      { name: 'phone_id', type: 'uuid', references: 'phone' },
      { name: 'name', type: 'string' },
      { name: 'code', type: 'string' },
      { name: 'note', type: 'string' },
    ],
  },
  {
    name: 'funding',
    path: 'funding.csv',
    table: 'hsds_funding',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'organization_id', type: 'uuid', references: 'organization' },
      { name: 'service_id', type: 'uuid', references: 'service' },
      { name: 'source', type: 'string' },
    ],
  },
  {
    name: 'service_area',
    path: 'service_areas.csv',
    table: 'hsds_service_areas',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'service_id', type: 'uuid', references: 'service' },
      { name: 'name', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'extent', type: 'string' },
      { name: 'extent_type', type: 'string' },
      { name: 'uri', type: 'string' },
    ],
  },
  {
    name: 'attribute',
    path: 'attributes.csv',
    table: 'hsds_attributes',
    fields: [
      { name: 'id', type: 'uuid', required: true },
      { name: 'link_id', type: 'uuid' },
      { name: 'taxonomy_term_id', type: 'uuid', references: 'taxonomy_term' },
      { name: 'link_type', type: 'string' },
      { name: 'link_entity', type: 'string' },
      { name: 'value', type: 'string' },
    ],
  },];

/** HSDS 3.0 resources that CareLoop does not store; a package may carry them and they are reported, not imported. */
export const HSDS_RESOURCES_NOT_STORED = [
  'program', 'contact', 'required_document', 'accessibility', 'metadata', 'meta_table_description', 'cost_option',
  'organization_identifier',
];
