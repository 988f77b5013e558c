import { sql, type Kysely } from 'kysely';

/**
 * The resource directory as Open Referral HSDS 3.0: one table per HSDS resource (prefix hsds_), every
 * HSDS column typed under its HSDS name, plus `source_row`, the imported CSV row as written, so that an
 * export can reproduce the package exactly (not `source`: funding has an HSDS column of that name).
 * Then CareLoop's own data: the need → taxonomy mapping and the PostgreSQL search engine's documents.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS cube`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS earthdistance`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);

  await sql`
    CREATE TABLE hsds_taxonomies (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL,
      uri text,
      version text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE hsds_taxonomy_terms (
      id uuid PRIMARY KEY,
      code text,
      name text NOT NULL,
      description text NOT NULL,
      parent_id uuid,
      taxonomy text,
      language text,
      taxonomy_id uuid REFERENCES hsds_taxonomies (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      term_uri text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_taxonomy_terms_taxonomy_id_idx ON hsds_taxonomy_terms (taxonomy_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_organizations (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      alternate_name text,
      description text NOT NULL,
      email text,
      website text,
      tax_status text,
      tax_id text,
      year_incorporated numeric,
      legal_status text,
      logo text,
      uri text,
      parent_organization_id uuid,
      source_row jsonb NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE hsds_locations (
      id uuid PRIMARY KEY,
      location_type text NOT NULL,
      url text,
      organization_id uuid REFERENCES hsds_organizations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      name text,
      alternate_name text,
      description text,
      transportation text,
      latitude double precision,
      longitude double precision,
      external_identifier text,
      external_identifier_type text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_locations_organization_id_idx ON hsds_locations (organization_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_services (
      id uuid PRIMARY KEY,
      organization_id uuid REFERENCES hsds_organizations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      program_id uuid,
      name text NOT NULL,
      alternate_name text,
      description text,
      url text,
      email text,
      status text NOT NULL,
      interpretation_services text,
      application_process text,
      fees_description text,
      wait_time text,
      fees text,
      accreditations text,
      eligibility_description text,
      minimum_age numeric,
      maximum_age numeric,
      assured_date date,
      assurer_email text,
      licenses text,
      alert text,
      last_modified timestamptz,
      source_row jsonb NOT NULL,
      capacity_status text NOT NULL DEFAULT 'unknown' CHECK (capacity_status IN ('unknown', 'available', 'limited', 'waitlist', 'full')),
      last_verified_at timestamptz,
      imported_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX hsds_services_organization_id_idx ON hsds_services (organization_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_service_at_location (
      id uuid PRIMARY KEY,
      service_id uuid REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      location_id uuid REFERENCES hsds_locations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      description text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_service_at_location_service_id_idx ON hsds_service_at_location (service_id)`.execute(db);
  await sql`CREATE INDEX hsds_service_at_location_location_id_idx ON hsds_service_at_location (location_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_addresses (
      id uuid PRIMARY KEY,
      location_id uuid REFERENCES hsds_locations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      attention text,
      address_1 text NOT NULL,
      address_2 text,
      city text NOT NULL,
      region text,
      state_province text NOT NULL,
      postal_code text NOT NULL,
      country text NOT NULL,
      address_type text NOT NULL,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_addresses_location_id_idx ON hsds_addresses (location_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_phones (
      id uuid PRIMARY KEY,
      location_id uuid REFERENCES hsds_locations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      service_id uuid REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      organization_id uuid REFERENCES hsds_organizations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      contact_id uuid,
      service_at_location_id uuid REFERENCES hsds_service_at_location (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      number text NOT NULL,
      extension numeric,
      type text,
      description text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_phones_location_id_idx ON hsds_phones (location_id)`.execute(db);
  await sql`CREATE INDEX hsds_phones_organization_id_idx ON hsds_phones (organization_id)`.execute(db);
  await sql`CREATE INDEX hsds_phones_service_id_idx ON hsds_phones (service_id)`.execute(db);
  await sql`CREATE INDEX hsds_phones_service_at_location_id_idx ON hsds_phones (service_at_location_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_schedules (
      id uuid PRIMARY KEY,
      service_id uuid REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      location_id uuid REFERENCES hsds_locations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      service_at_location_id uuid REFERENCES hsds_service_at_location (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      valid_from date,
      valid_to date,
      dtstart date,
      timezone numeric,
      until date,
      count numeric,
      wkst text,
      freq text,
      interval numeric,
      byday text,
      byweekno text,
      bymonthday text,
      byyearday text,
      description text,
      opens_at time,
      closes_at time,
      schedule_link text,
      attending_type text,
      notes text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_schedules_location_id_idx ON hsds_schedules (location_id)`.execute(db);
  await sql`CREATE INDEX hsds_schedules_service_id_idx ON hsds_schedules (service_id)`.execute(db);
  await sql`CREATE INDEX hsds_schedules_service_at_location_id_idx ON hsds_schedules (service_at_location_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_languages (
      id uuid PRIMARY KEY,
      service_id uuid REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      location_id uuid REFERENCES hsds_locations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      phone_id uuid REFERENCES hsds_phones (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      name text,
      code text,
      note text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_languages_location_id_idx ON hsds_languages (location_id)`.execute(db);
  await sql`CREATE INDEX hsds_languages_phone_id_idx ON hsds_languages (phone_id)`.execute(db);
  await sql`CREATE INDEX hsds_languages_service_id_idx ON hsds_languages (service_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_funding (
      id uuid PRIMARY KEY,
      organization_id uuid REFERENCES hsds_organizations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      service_id uuid REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      source text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_funding_organization_id_idx ON hsds_funding (organization_id)`.execute(db);
  await sql`CREATE INDEX hsds_funding_service_id_idx ON hsds_funding (service_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_service_areas (
      id uuid PRIMARY KEY,
      service_id uuid REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      name text,
      description text,
      extent text,
      extent_type text,
      uri text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_service_areas_service_id_idx ON hsds_service_areas (service_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_attributes (
      id uuid PRIMARY KEY,
      link_id uuid,
      taxonomy_term_id uuid REFERENCES hsds_taxonomy_terms (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      link_type text,
      link_entity text,
      value text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_attributes_taxonomy_term_id_idx ON hsds_attributes (taxonomy_term_id)`.execute(db);
  // Attributes point at any HSDS object through link_id, so they are looked up by it.
  await sql`CREATE INDEX hsds_attributes_link_id_idx ON hsds_attributes (link_id)`.execute(db);
  await sql`CREATE INDEX hsds_organizations_name_idx ON hsds_organizations (name)`.execute(db);

  // Editable data: what each SDOH need category looks for in the directory (terms) and in free text (synonyms).
  await sql`
    CREATE TABLE need_taxonomy_map (
      need_category text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('taxonomy_term', 'synonym')),
      value text NOT NULL CHECK (value <> ''),
      weight real NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 1),
      PRIMARY KEY (need_category, kind, value)
    )`.execute(db);
  const rows = NEED_MAP.flatMap(([needCategory, terms, synonyms]) => [
    ...Object.entries(terms).map(([value, weight]) => ({ need_category: needCategory, kind: 'taxonomy_term', value, weight })),
    ...synonyms.map((value) => ({ need_category: needCategory, kind: 'synonym', value, weight: 1 })),
  ]);
  await db.insertInto('need_taxonomy_map').values(rows).execute();

  // The PostgreSQL search engine's index: one document per service, written by the engine, never by hand.
  await sql`
    CREATE TABLE service_search_documents (
      service_id uuid PRIMARY KEY REFERENCES hsds_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      service_name text NOT NULL,
      organization_id uuid NOT NULL,
      organization_name text NOT NULL,
      location_id uuid,
      service_at_location_id uuid,
      address text,
      postal_code text,
      latitude double precision,
      longitude double precision,
      languages text[] NOT NULL DEFAULT '{}',
      taxonomy_terms text[] NOT NULL DEFAULT '{}',
      status text NOT NULL,
      capacity_status text NOT NULL,
      description text,
      search_text text NOT NULL,
      document tsvector NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX service_search_documents_document_idx ON service_search_documents USING gin (document)`.execute(db);
  await sql`CREATE INDEX service_search_documents_terms_idx ON service_search_documents USING gin (taxonomy_terms)`.execute(db);
  await sql`CREATE INDEX service_search_documents_languages_idx ON service_search_documents USING gin (languages)`.execute(db);
  await sql`CREATE INDEX service_search_documents_trgm_idx ON service_search_documents USING gin (search_text gin_trgm_ops)`.execute(db);
  // The indexed vocabulary, so that a mistyped word can be corrected to its nearest indexed word (pg_trgm).
  await sql`CREATE TABLE service_search_words (word text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX service_search_words_trgm_idx ON service_search_words USING gin (word gin_trgm_ops)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

type NeedMapEntry = [needCategory: string, taxonomyTerms: Record<string, number>, synonyms: string[]];

// Seed of the mapping as of this migration: SDOHCC category codes → SF 211 (AIRS-derived) term names.
const NEED_MAP: NeedMapEntry[] = [
  [
    'sdoh-category-unspecified',
    { 'Information and Referral': 1, 'Comprehensive Information and Referral': 1, 'Specialized Information and Referral': 0.8, '311 Services': 0.6, 'City Government Information Lines': 0.5 },
    ['information and referral', '211', 'help line'],
  ],
  [
    'food-insecurity',
    {
      'Food Pantries': 1, 'Emergency Food': 1, 'Soup Kitchens': 1, 'Brown Bag Food Programs': 1, 'Food Stamps/SNAP': 0.9,
      'Hunger/Food Issues': 0.9, 'Summer Food Service Programs': 0.8, 'Post Disaster Food Services': 0.8,
      'Food Donation Programs': 0.5, 'Nutrition Education': 0.4, 'Hunger/Poverty Action Groups': 0.3, 'Cooking Classes': 0.3,
    },
    ['food', 'pantry', 'meals', 'groceries', 'calfresh', 'snap', 'food stamps', 'hunger', 'soup kitchen', 'wic'],
  ],
  [
    'housing-instability',
    {
      'Rent Payment Assistance': 1, 'Low Income/Subsidized Rental Housing': 1, 'Low Cost Home Rental Listings': 0.9,
      'Landlord/Tenant Assistance': 0.9, 'Tenant Rights Information/Counseling': 0.9, 'Housing Authorities': 0.8, 'Housing Issues': 0.8,
      'Single Room Occupancy Housing Residents': 0.5, 'Reverse Mortgage Programs': 0.5, 'HUD Management Companies': 0.5,
      'Community Housing Development Organizations': 0.4, 'Housing Development': 0.3,
    },
    ['rent', 'eviction', 'tenant', 'housing', 'landlord', 'affordable housing', 'section 8', 'foreclosure'],
  ],
  [
    'homelessness',
    {
      'Homelessness Issues': 1, 'Homeless People': 1, 'Homeless Families': 1, 'Homeless Men': 1, 'Homeless Youth': 1,
      'Homeless Veterans': 1, 'Cold Weather Shelters/Warming Centers': 1, 'Post Disaster Shelter Services': 0.7, 'Patient/Family Housing': 0.4,
    },
    ['homeless', 'shelter', 'navigation center', 'drop-in center', 'unhoused', 'warming center'],
  ],
  [
    'inadequate-housing',
    { 'Housing Issues': 0.8, 'Tenant Rights Information/Counseling': 0.8, 'Landlord/Tenant Assistance': 0.7, 'Energy Use Audits': 0.5, 'Safety Issues': 0.4 },
    ['repairs', 'mold', 'pests', 'habitability', 'code enforcement', 'housing inspection', 'lead poisoning'],
  ],
  [
    'transportation-insecurity',
    { 'Discount Transit Passes': 1, 'Errand Running/Shopping Assistance': 0.5, 'Public Inebriate Transportation': 0.3 },
    ['transportation', 'transit', 'bus pass', 'muni', 'paratransit', 'rides', 'clipper card'],
  ],
  [
    'financial-insecurity',
    {
      'Financial Management Support': 1, 'Benefits Assistance': 0.9, 'Eligible Benefits Applicants': 0.8, 'Individual Development Accounts': 0.8,
      'Tax Preparation Assistance': 0.8, 'VITA Programs': 0.8, 'Refugee/Entrant Cash Assistance Applications': 0.8, 'Welfare Rights Assistance': 0.7,
      'Low Income': 0.6, 'Child Support Assistance/Enforcement': 0.5, 'Bankruptcy Filing Offices': 0.5, 'Tax Issues': 0.5,
    },
    ['cash assistance', 'financial counseling', 'budgeting', 'debt', 'general assistance', 'calworks', 'tax preparation'],
  ],
  [
    'material-hardship',
    {
      'General Clothing Provision': 1, 'Baby Clothing/Diaper Donation Programs': 1, 'Work Clothing': 0.8, 'Personal/Grooming Supplies': 0.8,
      'Donated Specialty Items': 0.7, 'Clothing Donation Programs': 0.6, 'General Clothing Donation Programs': 0.6, 'Computer Donation Programs': 0.4,
    },
    ['clothing', 'clothes', 'diapers', 'furniture', 'hygiene', 'household goods'],
  ],
  [
    'educational-attainment',
    {
      'Tutoring Services': 1, 'Literacy Issues': 0.9, 'Early Literacy Development Programs': 0.8, 'Homework Help Programs': 0.8,
      'College/University Entrance Support': 0.8, 'Student Financial Aid': 0.8, 'Special Education': 0.7, 'Special Education Issues': 0.7,
      'Education Issues': 0.7, 'Head Start': 0.6, 'Preschools': 0.5, 'Learning Disabilities': 0.5,
    },
    ['ged', 'adult education', 'literacy', 'esl', 'english classes', 'tutoring'],
  ],
  [
    'employment-status',
    {
      'Job Search/Placement': 1, 'Job Readiness': 1, 'Employment Preparation': 1, 'Resume Preparation Assistance': 0.9, 'On the Job Training': 0.9,
      'Apprenticeship Training': 0.9, 'Career Counseling': 0.8, 'Youth Employment Programs': 0.8, 'Summer Youth Employment Programs': 0.8,
      'State Unemployment Insurance': 0.8, 'Workforce Development Boards': 0.7, 'Employment Issues': 0.7, 'Civil Service Employment': 0.5,
      'Day Laborers': 0.5, 'Internship Programs': 0.4, 'Employment Related Advocacy Groups': 0.4,
    },
    ['job', 'employment', 'career', 'resume', 'unemployment', 'job training'],
  ],
  [
    'veteran-status',
    { Veterans: 1, 'Homeless Veterans': 1, 'Veteran Education Benefits': 1, 'Military Personnel/Contractors': 0.6 },
    ['veteran', 'military', 'va benefits'],
  ],
  [
    'stress',
    {
      'Individual Counseling': 1, 'General Counseling Services': 1, 'Mental Health Issues': 0.9, 'Mental Health Counselors': 0.9,
      'Crisis Intervention': 0.9, 'Crisis Intervention Hotlines': 0.9, 'In Person Crisis Intervention': 0.8, 'Support Groups': 0.7,
      'Family Counseling': 0.6, 'Mental Health Screening': 0.6, 'Anger Management': 0.5, 'Post Disaster Mental Health Services': 0.5,
    },
    ['counseling', 'mental health', 'stress', 'anxiety', 'depression', 'therapy', 'support group'],
  ],
  [
    'social-connection',
    {
      'Senior Centers': 1, 'Support Groups': 0.8, 'Recreation Centers': 0.7, 'Mentoring Programs': 0.7, 'Youth Enrichment Programs': 0.6,
      'Adult Day Health Programs': 0.6, 'Parent Support Groups': 0.6, 'Outreach Programs': 0.5,
    },
    ['isolation', 'loneliness', 'community center', 'social activities', 'companionship', 'friendly visitor'],
  ],
  [
    'intimate-partner-violence',
    {
      'Domestic Violence Issues': 1, 'Abused Women': 1, 'Sexual Assault Issues': 0.9, 'Crime Victims': 0.7,
      'Male Spouse/Intimate Partner Abusers': 0.6, 'Anger/Violence Issues': 0.5,
    },
    ['domestic violence', 'battered', 'safe house', 'restraining order', 'intimate partner'],
  ],
  [
    'elder-abuse',
    { 'Elder Abuse Issues': 1, 'Older Adult/Aging Issues': 0.6, 'Frail Elderly': 0.5, 'In Home Assistance': 0.4, 'Crime Victims': 0.4 },
    ['elder abuse', 'adult protective services', 'neglect', 'financial exploitation'],
  ],
  [
    'personal-health-literacy',
    { 'Health Issues': 0.7, 'Information and Referral': 0.5, 'Specialized Information and Referral': 0.5, 'Large Print Materials/Collections': 0.5, 'Nutrition Education': 0.4 },
    ['health education', 'health information', 'patient navigator', 'patient education'],
  ],
  [
    'health-insurance-coverage-status',
    {
      'People Without Health Insurance': 1, 'Medicaid Recipients': 1, 'Social Health Insurance': 1, 'Medicare Appeals/Complaints': 0.8,
      'Insurance Issues': 0.8, 'Benefits Assistance': 0.5,
    },
    ['medi-cal', 'medicaid', 'medicare', 'health insurance', 'covered california', 'healthy san francisco', 'health coverage'],
  ],
  [
    'medical-cost-burden',
    {
      'Prescription Expense Assistance': 1, 'People Without Health Insurance': 0.6, 'Emergency Pharmacies': 0.6, 'Outpatient Health Facilities': 0.6,
      'Mobile Health Care': 0.6, 'Dental Care': 0.5, 'Dental Care Referrals': 0.5,
    },
    ['free clinic', 'sliding scale', 'prescription', 'medical bills', 'low cost clinic'],
  ],
  [
    'digital-literacy',
    { 'Computer and Related Technology Classes': 1, 'Public Libraries': 0.5, 'Computer Literacy Volunteer Opportunities': 0.3 },
    ['computer classes', 'computer training', 'internet training', 'digital skills'],
  ],
  [
    'digital-access',
    {
      'Public Internet Access Sites': 1, 'Public Wi-Fi Sites': 1, 'Internet Service Providers': 0.8, 'Computer Donation Programs': 0.8,
      'Telephone Service Connection/Repair': 0.7, 'Public Libraries': 0.5,
    },
    ['internet access', 'wifi', 'computer access', 'broadband', 'free phone'],
  ],
  [
    'utility-insecurity',
    {
      'Utility Service Payment Assistance': 1, 'Discounted Utility Services': 1, 'Utility Issues': 0.9, 'Energy Use Audits': 0.6,
      'Telephone Service Connection/Repair': 0.5,
    },
    ['utilities', 'utility bill', 'electric bill', 'gas bill', 'energy assistance', 'liheap', 'water bill'],
  ],
  [
    'incarceration-status',
    {
      'Inmate Pre-Release Programs': 1, 'Adult Probation': 0.9, 'Own Recognizance': 0.8, 'Juvenile Offenders': 0.7, 'Incarcerated Youth': 0.7,
      'Legal Representation': 0.5,
    },
    ['reentry', 're-entry', 'parole', 'probation', 'formerly incarcerated', 'expungement'],
  ],
  [
    'language-access',
    { 'Immigration Issues': 0.6, 'Refugees/Entrants/Asylees': 0.6, 'Literacy Issues': 0.5 },
    ['interpreter', 'interpretation', 'translation', 'esl', 'english classes'],
  ],
  // A strength, not a need: nothing in a services directory is expected to match it.
  ['protective-factor', {}, ['resilience', 'protective factors']],
];
