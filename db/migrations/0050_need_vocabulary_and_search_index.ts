import { sql, type Kysely } from 'kysely';

/**
 * Matching, version 2.
 * - The need vocabulary becomes data that platform admins edit: per need, AIRS/211 taxonomy codes (matched as
 *   code prefixes), taxonomy term names, English and Spanish phrases, and phrases that rule a service out.
 *   It replaces need_taxonomy_map, and covers legal help besides the SDOH categories.
 * - The PostgreSQL engine's index is rebuilt around relevance computed when a service is indexed: one row per
 *   service (search_services) and one per service and need it meets (search_service_needs), each with a GiST
 *   index on its position so that a query reads the services near the patient, not the whole directory.
 *   The index starts empty; the engine fills it from the directory (`npm run search:reindex`, or at start).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);

  await sql`
    CREATE TABLE need_vocabularies (
      need_category text PRIMARY KEY CHECK (need_category ~ '^[a-z][a-z0-9-]{1,60}$'),
      label_en text NOT NULL CHECK (label_en <> ''),
      label_es text NOT NULL CHECK (label_es <> ''),
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id)
    )`.execute(db);
  await sql`
    CREATE TABLE need_vocabulary_entries (
      need_category text NOT NULL REFERENCES need_vocabularies (need_category) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('taxonomy_code', 'taxonomy_term', 'phrase', 'exclude')),
      language text NOT NULL DEFAULT '' CHECK (language IN ('', 'en', 'es')),
      value text NOT NULL CHECK (value <> '' AND length(value) <= 200),
      weight real NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 1),
      PRIMARY KEY (need_category, kind, language, value)
    )`.execute(db);

  for (const need of SEED) {
    await db.insertInto('need_vocabularies').values({ need_category: need.code, label_en: need.en, label_es: need.es }).execute();
    const entries = [
      ...Object.entries(need.codes ?? {}).map(([value, weight]) => ({ kind: 'taxonomy_code', language: '', value, weight })),
      ...Object.entries(need.terms ?? {}).map(([value, weight]) => ({ kind: 'taxonomy_term', language: '', value, weight })),
      ...Object.entries(need.phrasesEn ?? {}).map(([value, weight]) => ({ kind: 'phrase', language: 'en', value, weight })),
      ...Object.entries(need.phrasesEs ?? {}).map(([value, weight]) => ({ kind: 'phrase', language: 'es', value, weight })),
      ...(need.exclude ?? []).map((value) => ({ kind: 'exclude', language: '', value, weight: 1 })),
    ];
    if (entries.length) {
      await db.insertInto('need_vocabulary_entries').values(entries.map((entry) => ({ need_category: need.code, ...entry }))).execute();
    }
  }
  await sql`DROP TABLE need_taxonomy_map`.execute(db);

  await sql`DROP TABLE service_search_documents`.execute(db);
  await sql`DROP TABLE service_search_words`.execute(db);
  await sql`
    CREATE TABLE search_services (
      service_id uuid PRIMARY KEY,
      document jsonb NOT NULL,
      organization_id uuid NOT NULL,
      status text NOT NULL,
      available boolean NOT NULL,
      capacity_status text NOT NULL,
      languages text[] NOT NULL,
      minimum_age real NOT NULL,
      maximum_age real NOT NULL,
      position point,
      stems text[] NOT NULL,
      stem_weights jsonb NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Covering, so that free text near a point is answered from this index alone, however large the directory.
  await sql`
    CREATE INDEX search_services_position_idx ON search_services USING gist (position)
    INCLUDE (service_id, stems, available, languages, organization_id, capacity_status, minimum_age, maximum_age)`.execute(db);
  await sql`CREATE INDEX search_services_stems_idx ON search_services USING gin (stems)`.execute(db);
  await sql`
    CREATE TABLE search_service_needs (
      need_category text NOT NULL,
      service_id uuid NOT NULL REFERENCES search_services (service_id) ON DELETE CASCADE,
      band smallint NOT NULL,
      level smallint NOT NULL,
      standing smallint NOT NULL,
      available boolean NOT NULL,
      relevance real NOT NULL,
      matched_terms text[] NOT NULL,
      organization_id uuid NOT NULL,
      capacity_status text NOT NULL,
      languages text[] NOT NULL,
      minimum_age real NOT NULL,
      maximum_age real NOT NULL,
      position point,
      PRIMARY KEY (need_category, service_id)
    )`.execute(db);
  // Covering: a need query ranks from the index alone (an index-only scan), without visiting each row.
  await sql`
    CREATE INDEX search_service_needs_position_idx ON search_service_needs USING gist (need_category, position)
    INCLUDE (service_id, available, band, level, standing, languages, organization_id, capacity_status, minimum_age, maximum_age)`.execute(db);
  await sql`CREATE INDEX search_service_needs_service_idx ON search_service_needs (service_id)`.execute(db);
  // What the directory's words are, whichever engine indexes it: every stem with the number of services that
  // carry it (for weighing rare words above common ones, and for correcting a mistyped word to a known one),
  // and each service's stems, so that a re-indexed service updates the counts exactly.
  await sql`
    CREATE TABLE search_stems (
      stem text PRIMARY KEY,
      services integer NOT NULL CHECK (services >= 0)
    )`.execute(db);
  await sql`CREATE INDEX search_stems_trgm_idx ON search_stems USING gin (stem gin_trgm_ops)`.execute(db);
  await sql`
    CREATE TABLE search_service_stems (
      service_id uuid PRIMARY KEY,
      stems text[] NOT NULL
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

interface NeedSeed {
  code: string;
  en: string;
  es: string;
  /** AIRS/211 taxonomy codes; a code matches itself and everything below it (BD-1800 matches BD-1800.2000). */
  codes?: Record<string, number>;
  /** Taxonomy term names, as AIRS names them (and as the SF 211 keywords do). */
  terms?: Record<string, number>;
  phrasesEn?: Record<string, number>;
  phrasesEs?: Record<string, number>;
  /** Phrases that, in a service's name or terms, mean it serves someone else (volunteers, donors, pets). */
  exclude?: string[];
}

const NOT_FOR_CLIENTS = [
  'volunteer opportunities', 'volunteer', 'volunteers', 'donation drop off', 'donation pickups', 'speakers bureaus',
  'nonprofit agencies', 'nonprofit organizations', 'technical assistance', 'policy and advocacy', 'regional planning',
];

// The vocabulary as of this migration; from here on it is edited as data on the platform admin's page.
const SEED: NeedSeed[] = [
  {
    code: 'food-insecurity',
    en: 'Food Insecurity',
    es: 'Inseguridad alimentaria',
    codes: { 'BD-1800': 1, 'BD-5000': 1, 'NL-6000.2000': 0.9, 'BD-1800.7500': 0.8, 'NL-6000.9500': 0.6 },
    terms: {
      'Food Pantries': 1, 'Emergency Food': 0.9, 'Soup Kitchens': 1, 'Brown Bag Food Programs': 1, 'Food Stamps/SNAP': 0.9,
      'Hunger/Food Issues': 0.8, 'Summer Food Service Programs': 0.9, 'Post Disaster Food Services': 0.8, 'Home Delivered Meals': 1,
      'Congregate Meals/Nutrition Sites': 1, 'Meals': 1, 'Food Banks/Food Distribution Warehouses': 0.9, 'Food Vouchers': 0.9,
      'Food Donation Programs': 0.5, 'Nutrition Education': 0.4, 'Hunger/Poverty Action Groups': 0.3, 'Cooking Classes': 0.3,
      'WIC': 0.8, 'Senior Nutrition Programs': 1,
    },
    phrasesEn: {
      'food pantry': 1, 'food pantries': 1, 'food bank': 1, 'food box': 1, 'food boxes': 1, 'emergency food': 1, 'free food': 1,
      'soup kitchen': 1, 'hot meal': 1, 'hot meals': 1, 'free meals': 1, 'free lunch': 1, 'free breakfast': 1, 'free dinner': 1,
      'groceries': 0.9, 'brown bag': 0.9, 'meals': 0.8, 'meal': 0.7, 'lunch': 0.6, 'breakfast': 0.6, 'dinner': 0.6,
      'food': 0.7, 'hunger': 0.6, 'hungry': 0.7, 'calfresh': 0.9, 'food stamps': 0.9, 'snap': 0.8, 'wic': 0.7, 'ebt': 0.7,
      'produce': 0.6, 'nutrition': 0.4, 'meals on wheels': 1, 'home delivered meals': 1, 'congregate meals': 1, 'pantry': 0.9,
    },
    phrasesEs: {
      comida: 0.9, alimentos: 0.9, 'banco de alimentos': 1, despensa: 1, 'despensa de alimentos': 1, 'comida gratis': 1,
      comedor: 0.9, 'comedor comunitario': 1, hambre: 0.8, 'cupones de alimentos': 0.9, mercado: 0.4, 'ayuda con comida': 1,
      almuerzo: 0.6, desayuno: 0.6, cena: 0.6,
    },
    exclude: [...NOT_FOR_CLIENTS, 'pet food', 'animal food', 'food safety', 'food handler', 'restaurant inspection'],
  },
  {
    code: 'housing-instability',
    en: 'Housing Instability',
    es: 'Inestabilidad de vivienda',
    codes: { 'BH-3800': 1, 'BH-7000': 0.9, 'BH-8300': 0.8, 'BH-8400': 0.8, 'FT-4500': 0.9, 'FT-1800.3000': 0.7, 'BH-3000': 0.8 },
    terms: {
      'Rent Payment Assistance': 1, 'Low Income/Subsidized Rental Housing': 1, 'Low Cost Home Rental Listings': 0.9,
      'Landlord/Tenant Assistance': 0.9, 'Tenant Rights Information/Counseling': 0.9, 'Housing Authorities': 0.8, 'Housing Issues': 0.7,
      'Rental Deposit Assistance': 1, 'Mortgage Payment Assistance': 0.9, 'Eviction Prevention': 1, 'Housing Search Assistance': 0.9,
      'Housing Counseling': 0.9, 'Single Room Occupancy Housing Residents': 0.4, 'Reverse Mortgage Programs': 0.4,
      'HUD Management Companies': 0.5, 'Community Housing Development Organizations': 0.3, 'Housing Development': 0.2,
    },
    phrasesEn: {
      'rent assistance': 1, 'rental assistance': 1, 'rent payment': 1, 'back rent': 1, 'eviction': 1, 'evictions': 1,
      'eviction prevention': 1, 'tenant': 0.8, 'tenants': 0.8, 'tenant rights': 1, 'landlord': 0.8, 'affordable housing': 0.8,
      'subsidized housing': 0.9, 'public housing': 0.9, 'section 8': 0.9, 'housing assistance': 0.9, 'housing counseling': 0.9,
      'housing search': 0.9, 'housing placement': 0.8, 'rent': 0.7, 'rental': 0.6, 'housing': 0.6, 'foreclosure': 0.8,
      'security deposit': 0.9, 'move in costs': 0.9, 'apartment': 0.5, 'apartments': 0.5, 'low income housing': 0.9,
    },
    phrasesEs: {
      renta: 0.9, alquiler: 0.9, 'ayuda con la renta': 1, 'ayuda con renta': 1, 'pago de renta': 1, desalojo: 1, desalojos: 1,
      vivienda: 0.7, 'vivienda asequible': 0.9, inquilino: 0.8, inquilinos: 0.8, casero: 0.6, arrendador: 0.6, apartamento: 0.5,
    },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'homelessness',
    en: 'Homelessness',
    es: 'Falta de vivienda',
    codes: { 'BH-1800': 1, 'BH-1800.3500': 0.9, 'BM-6500.6500-850': 0.7, 'BH-8500': 0.7, 'BH-1800.1500-100': 0.6 },
    terms: {
      'Homelessness Issues': 0.6, 'Homeless People': 0.8, 'Homeless Families': 0.8, 'Homeless Men': 0.8, 'Homeless Youth': 0.8,
      'Homeless Veterans': 0.8, 'Cold Weather Shelters/Warming Centers': 1, 'Homeless Shelter': 1, 'Emergency Shelter': 1,
      'Transitional Housing/Shelter': 1, 'Homeless Drop In Centers': 1, 'Bathing Facilities': 0.8, 'Homeless Motel Vouchers': 1,
      'Post Disaster Shelter Services': 0.6, 'Patient/Family Housing': 0.3, 'Household Goods Storage': 0.5,
    },
    phrasesEn: {
      homeless: 0.75, homelessness: 0.6, shelter: 0.9, shelters: 0.9, 'resource center': 0.5, 'drop in': 0.6, 'emergency shelter': 1, 'homeless shelter': 1,
      'navigation center': 1, 'drop in center': 0.9, 'drop-in center': 0.9, unhoused: 1, 'warming center': 1,
      'transitional housing': 0.9, 'supportive housing': 0.8, 'rapid rehousing': 1, 'rapid re-housing': 1, 'street outreach': 0.8,
      'motel voucher': 1, 'motel vouchers': 1, 'showers': 0.7, 'living on the street': 1, 'sleeping outside': 1, 'beds': 0.6,
    },
    phrasesEs: {
      'sin hogar': 1, 'personas sin hogar': 1, 'sin techo': 1, albergue: 1, albergues: 1, refugio: 0.9, 'sin vivienda': 1,
      'en la calle': 0.8, duchas: 0.6,
    },
    exclude: [...NOT_FOR_CLIENTS, 'animal shelter', 'animal shelters'],
  },
  {
    code: 'inadequate-housing',
    en: 'Inadequate Housing',
    es: 'Vivienda inadecuada',
    codes: { 'BH-3000': 0.7, 'PH-3300.2750': 0.9, 'FT-4500': 0.7, 'NL-6000.9500': 0.4 },
    terms: {
      'Home Maintenance and Minor Repair Services': 1, 'Home Rehabilitation Programs': 1, 'Housing Issues': 0.6,
      'Tenant Rights Information/Counseling': 0.8, 'Landlord/Tenant Assistance': 0.7, 'Energy Use Audits': 0.5, 'Safety Issues': 0.3,
      'Lead Poisoning': 0.8, 'Pest Control': 0.9, 'Housing Code Enforcement': 1,
    },
    phrasesEn: {
      'home repair': 1, 'home repairs': 1, repairs: 0.7, mold: 0.9, pests: 0.8, 'pest control': 0.9, habitability: 1,
      'code enforcement': 0.9, 'housing inspection': 0.9, 'lead poisoning': 0.8, 'lead paint': 0.9, 'weatherization': 0.8,
      'unsafe housing': 1, 'substandard housing': 1, 'tenant rights': 0.7, 'housing conditions': 1,
    },
    phrasesEs: { reparaciones: 0.8, moho: 0.9, plagas: 0.8, 'condiciones de vivienda': 1 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'transportation-insecurity',
    en: 'Transportation Insecurity',
    es: 'Inseguridad de transporte',
    codes: { BT: 0.9, 'BT-4500': 1, 'BT-8300': 1 },
    terms: {
      'Discount Transit Passes': 1, 'Paratransit Programs': 1, 'Medical Appointment Transportation': 1, 'Transportation': 0.9,
      'Local Transit Services': 0.8, 'Errand Running/Shopping Assistance': 0.4, 'Public Inebriate Transportation': 0.3,
      'Rail Transportation System Complaints': 0.2,
    },
    phrasesEn: {
      transportation: 0.9, transit: 0.8, 'bus pass': 1, 'bus passes': 1, 'bus tokens': 1, 'transit pass': 1, muni: 0.7,
      paratransit: 1, rides: 0.8, 'ride to': 0.8, escort: 0.4, 'clipper card': 1, 'medical appointments transportation': 1,
      'free rides': 1, 'car repair': 0.6, 'gas cards': 0.8, shuttle: 0.7,
    },
    phrasesEs: { transporte: 0.9, 'pase de autobus': 1, 'pases de autobus': 1, autobus: 0.6, viajes: 0.4 },
    exclude: [...NOT_FOR_CLIENTS, 'transportation system complaints'],
  },
  {
    code: 'utility-insecurity',
    en: 'Utility Insecurity',
    es: 'Inseguridad en servicios básicos',
    codes: { BV: 0.9, 'BV-8900': 1 },
    terms: {
      'Utility Service Payment Assistance': 1, 'Discounted Utility Services': 1, 'Utility Issues': 0.9, 'Electric Service Payment Assistance': 1,
      'Gas Service Payment Assistance': 1, 'Water Service Payment Assistance': 1, 'Utility Assistance': 1, 'Energy Use Audits': 0.5,
      'Telephone Service Connection/Repair': 0.4,
    },
    phrasesEn: {
      utilities: 0.9, utility: 0.8, 'utility bill': 1, 'utility bills': 1, 'electric bill': 1, 'gas bill': 1, 'water bill': 1,
      'energy assistance': 1, liheap: 1, 'heating assistance': 1, 'shut off': 0.8, shutoff: 0.8, 'pg&e': 0.8,
      'discounted utility': 1, 'energy bill': 1, 'lifeline': 0.6, electricity: 0.6, 'weatherization': 0.5,
    },
    phrasesEs: {
      'ayuda con la luz': 1, 'factura de luz': 1, 'pago de servicios': 0.9, 'servicios publicos': 0.9, electricidad: 0.7,
      'factura de agua': 1, 'factura de gas': 1, 'corte de luz': 1,
    },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'financial-insecurity',
    en: 'Financial Insecurity',
    es: 'Inseguridad económica',
    codes: { 'NL-1000': 1, DM: 0.9, 'DT-8800': 0.9, 'NL-1000.2500': 1, 'NL-1000.8500': 1, 'FT-1000.9500': 0.7, NL: 0.6 },
    terms: {
      'Financial Management Support': 0.9, 'Benefits Assistance': 0.9, 'Eligible Benefits Applicants': 0.7, 'Individual Development Accounts': 0.8,
      'Tax Preparation Assistance': 0.8, 'VITA Programs': 0.8, 'Refugee/Entrant Cash Assistance Applications': 0.8,
      'Welfare Rights Assistance': 0.7, 'Child Support Assistance/Enforcement': 0.5, 'Bankruptcy Filing Offices': 0.5, 'Tax Issues': 0.4,
      'Credit Counseling': 0.9, 'Money Management': 0.9, 'General Relief': 1, 'TANF': 1, 'Emergency Financial Assistance': 1,
      'Low Income': 0.3,
    },
    phrasesEn: {
      'financial assistance': 1, 'emergency financial assistance': 1, 'cash assistance': 1, 'emergency cash': 1, 'financial counseling': 1,
      'financial education': 0.9, 'financial literacy': 0.9, 'money management': 1, budgeting: 0.9, budget: 0.6, debt: 0.8,
      'credit counseling': 1, credit: 0.5, 'general assistance': 1, calworks: 1, tanf: 1, 'public benefits': 0.8, benefits: 0.5,
      'tax preparation': 0.9, 'free tax': 0.9, 'earned income tax credit': 0.9, eitc: 0.9, 'financial aid': 0.3, 'savings': 0.6,
      'asset building': 0.8, 'banking': 0.6, 'payday loans': 0.8, 'ssi': 0.6, 'emergency grants': 0.9, 'financial help': 1,
      'low income': 0.3,
    },
    phrasesEs: {
      'ayuda financiera': 1, 'ayuda economica': 1, dinero: 0.7, deudas: 0.8, deuda: 0.8, presupuesto: 0.7, 'asistencia en efectivo': 1,
      impuestos: 0.6, beneficios: 0.5,
    },
    exclude: [...NOT_FOR_CLIENTS, 'financial planning volunteer', 'fundraising', 'grantmaking'],
  },
  {
    code: 'material-hardship',
    en: 'Material Hardship',
    es: 'Carencias materiales',
    codes: { BM: 0.9, 'BM-6500.1500': 1, 'BM-3000': 1 },
    terms: {
      'General Clothing Provision': 1, 'Baby Clothing/Diaper Donation Programs': 1, 'Work Clothing': 0.8, 'Personal/Grooming Supplies': 0.8,
      'Donated Specialty Items': 0.7, 'Clothing Donation Programs': 0.6, 'General Clothing Donation Programs': 0.6, 'Computer Donation Programs': 0.4,
      'Clothing': 1, 'Furniture': 1, 'Diapers': 1, 'Household Goods': 1, 'Thrift Shops': 0.7,
    },
    phrasesEn: {
      clothing: 0.9, clothes: 0.9, diapers: 1, furniture: 0.9, hygiene: 0.8, 'household goods': 0.9, 'household items': 0.9,
      'baby supplies': 1, blankets: 0.7, 'toiletries': 0.8, 'thrift store': 0.6, 'free clothing': 1, 'school supplies': 0.7, shoes: 0.6,
    },
    phrasesEs: { ropa: 0.9, panales: 1, muebles: 0.9, 'articulos de higiene': 0.8, cobijas: 0.7 },
    exclude: [...NOT_FOR_CLIENTS, 'donation programs volunteer'],
  },
  {
    code: 'educational-attainment',
    en: 'Educational Attainment',
    es: 'Nivel educativo',
    codes: { 'HH-0500': 1, 'HH-4500': 1, 'HH-2000': 0.9, HH: 0.7, HD: 0.5, 'HL-8120': 0.8 },
    terms: {
      'Tutoring Services': 1, 'Literacy Issues': 0.9, 'Early Literacy Development Programs': 0.8, 'Homework Help Programs': 0.8,
      'College/University Entrance Support': 0.8, 'Student Financial Aid': 0.7, 'Special Education': 0.6, 'Special Education Issues': 0.6,
      'Education Issues': 0.6, 'Head Start': 0.5, 'Preschools': 0.4, 'Learning Disabilities': 0.4, 'Adult Basic Education': 1,
      'GED/High School Equivalency Test Instruction': 1, 'English as a Second Language': 1, 'Literacy Programs': 1,
    },
    phrasesEn: {
      ged: 1, 'high school equivalency': 1, 'high school diploma': 1, 'adult education': 1, 'adult school': 1, 'adult basic education': 1,
      literacy: 0.9, esl: 1, 'english as a second language': 1, 'english classes': 1, tutoring: 0.9, tutors: 0.8, 'homework help': 0.8,
      'college': 0.5, 'scholarships': 0.6, 'education': 0.5, 'educational': 0.4, classes: 0.4, 'reading': 0.5, 'learn english': 1,
      'vocational training': 0.6, 'job training': 0.4,
    },
    phrasesEs: {
      'clases de ingles': 1, 'aprender ingles': 1, educacion: 0.6, 'educacion para adultos': 1, alfabetizacion: 0.9, tutoria: 0.8,
      tutorias: 0.8, escuela: 0.4, 'diploma de preparatoria': 1,
    },
    exclude: [...NOT_FOR_CLIENTS, 'tutoring volunteer', 'education volunteer', 'teaching/instruction volunteer', 'outdoor environmental education'],
  },
  {
    code: 'employment-status',
    en: 'Employment Status',
    es: 'Situación laboral',
    codes: { ND: 1, 'ND-1500': 1, 'ND-9000': 0.8, 'HL-2500.8035': 0.8, 'NS-9000': 0.7, 'FT-1800.1850': 0.5 },
    terms: {
      'Job Search/Placement': 1, 'Job Readiness': 1, 'Employment Preparation': 1, 'Resume Preparation Assistance': 0.9, 'On the Job Training': 0.9,
      'Apprenticeship Training': 0.9, 'Career Counseling': 0.8, 'Youth Employment Programs': 0.8, 'Summer Youth Employment Programs': 0.8,
      'State Unemployment Insurance': 0.8, 'Workforce Development Boards': 0.7, 'Employment Issues': 0.6, 'Civil Service Employment': 0.4,
      'Day Laborers': 0.5, 'Internship Programs': 0.4, 'Employment Related Advocacy Groups': 0.3, 'Job Assistance Centers': 1,
      'Vocational Rehabilitation': 0.8, 'Work Clothing': 0.3,
    },
    phrasesEn: {
      'job search': 1, 'job placement': 1, 'job training': 1, 'job readiness': 1, 'employment services': 1, 'employment training': 1,
      'job seekers': 1, jobs: 0.8, job: 0.7, employment: 0.8, career: 0.7, careers: 0.7, resume: 0.8, resumes: 0.8, 'find work': 1,
      unemployment: 0.8, unemployed: 0.9, 'vocational training': 0.9, 'workforce development': 0.9, apprenticeship: 0.8,
      'interview skills': 0.9, hiring: 0.6, 'day labor': 0.7, 'work experience': 0.7, 'job fair': 0.8,
    },
    phrasesEs: {
      trabajo: 0.9, empleo: 0.9, 'buscar trabajo': 1, 'busqueda de empleo': 1, desempleo: 0.8, curriculum: 0.8, capacitacion: 0.7,
      'entrenamiento laboral': 1,
    },
    exclude: [...NOT_FOR_CLIENTS, 'employment related advocacy', 'business associations'],
  },
  {
    code: 'veteran-status',
    en: 'Veteran Status',
    es: 'Condición de veterano',
    codes: { 'FT-1000.9000': 1, 'TJ-9000': 0.8 },
    terms: { Veterans: 1, 'Homeless Veterans': 1, 'Veteran Education Benefits': 1, 'Veteran Benefits Assistance': 1, 'Military Personnel/Contractors': 0.5 },
    phrasesEn: { veteran: 1, veterans: 1, military: 0.7, 'va benefits': 1, 'service members': 0.8, 'gi bill': 1 },
    phrasesEs: { veterano: 1, veteranos: 1, militar: 0.7 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'stress',
    en: 'Stress',
    es: 'Estrés',
    codes: { RP: 0.9, 'RP-1400': 1, 'RP-1500': 0.9, RF: 0.7, RM: 0.8 },
    terms: {
      'Individual Counseling': 1, 'General Counseling Services': 1, 'Mental Health Issues': 0.8, 'Mental Health Counselors': 1,
      'Crisis Intervention': 0.9, 'Crisis Intervention Hotlines': 0.9, 'In Person Crisis Intervention': 0.8, 'Support Groups': 0.7,
      'Family Counseling': 0.7, 'Mental Health Screening': 0.6, 'Anger Management': 0.5, 'Post Disaster Mental Health Services': 0.6,
      'Adolescent/Youth Counseling': 0.8, 'Marriage and Family Therapists': 0.8, 'Psychiatrist Referrals': 0.6, 'Psychiatric Case Management': 0.6,
      'Mental Health and Substance Abuse Services': 0.7, 'Clinical Psychiatric Evaluation': 0.5, 'Psychiatric Day Treatment': 0.5,
      'Outpatient Mental Health Facilities': 1, 'Mental Illness/Emotional Disabilities': 0.5, 'Parent Counseling': 0.7,
    },
    phrasesEn: {
      counseling: 0.9, counselling: 0.9, 'mental health': 0.9, 'mental health services': 1, therapy: 0.8, therapist: 0.8, therapists: 0.8,
      psychotherapy: 1, stress: 0.8, anxiety: 0.9, depression: 0.9, 'support group': 0.7, 'support groups': 0.7, 'crisis line': 0.9,
      'crisis intervention': 0.9, 'emotional support': 0.9, 'peer support': 0.7, psychiatric: 0.6, psychological: 0.7, trauma: 0.6,
      'behavioral health': 0.9, grief: 0.6, wellness: 0.4,
    },
    phrasesEs: {
      'salud mental': 1, consejeria: 0.9, terapia: 0.8, estres: 0.8, ansiedad: 0.9, depresion: 0.9, 'apoyo emocional': 0.9,
      'grupo de apoyo': 0.7, psicologo: 0.8,
    },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'social-connection',
    en: 'Social Connection',
    es: 'Conexión social',
    codes: { 'TC-5500': 0.8, 'PS-8000': 0.8 },
    terms: {
      'Senior Centers': 1, 'Support Groups': 0.7, 'Recreation Centers': 0.7, 'Mentoring Programs': 0.7, 'Youth Enrichment Programs': 0.6,
      'Adult Day Health Programs': 0.6, 'Parent Support Groups': 0.6, 'Outreach Programs': 0.4, 'Friendly Visiting': 1, 'Telephone Reassurance': 1,
      'Community Centers': 0.9, 'Day Camps': 0.3,
    },
    phrasesEn: {
      isolation: 0.9, isolated: 0.9, loneliness: 1, lonely: 1, 'community center': 0.9, 'senior center': 1, 'social activities': 1,
      companionship: 1, 'friendly visitor': 1, 'friendly visiting': 1, socialization: 1, 'recreational activities': 0.7, recreation: 0.5,
      'social events': 0.8, 'drop in': 0.3, 'peer support': 0.6, 'support group': 0.6, 'telephone reassurance': 1, mentoring: 0.5,
    },
    phrasesEs: { soledad: 1, aislamiento: 0.9, 'centro comunitario': 0.9, 'centro para personas mayores': 1, 'actividades sociales': 1 },
    exclude: [...NOT_FOR_CLIENTS, 'mentoring services volunteer'],
  },
  {
    code: 'intimate-partner-violence',
    en: 'Intimate Partner Violence',
    es: 'Violencia de pareja',
    codes: { 'BH-1800.1500-100': 1, 'FT-3000.1750': 1, 'FT-6940': 0.9, 'RP-1500.1400-200': 1, 'FN-1900': 0.6 },
    terms: {
      'Domestic Violence Issues': 1, 'Abused Women': 1, 'Domestic Violence Shelters': 1, 'Domestic Violence Hotlines': 1,
      'Sexual Assault Issues': 0.8, 'Crime Victims': 0.5, 'Male Spouse/Intimate Partner Abusers': 0.5, 'Anger/Violence Issues': 0.4,
      'Restraining Orders': 0.9, 'Battered Women': 1,
    },
    phrasesEn: {
      'domestic violence': 1, 'intimate partner violence': 1, 'partner abuse': 1, 'dating violence': 1, battered: 1, 'abused women': 1,
      'safe house': 0.9, 'restraining order': 0.9, 'restraining orders': 0.9, 'family violence': 0.9, 'sexual assault': 0.7,
      survivors: 0.5, 'abusive relationship': 1, 'violence prevention': 0.5, 'rape crisis': 0.7, 'human trafficking': 0.4,
    },
    phrasesEs: {
      'violencia domestica': 1, 'violencia de pareja': 1, 'violencia familiar': 1, maltrato: 0.8, abuso: 0.6, 'orden de restriccion': 0.9,
      'mujeres maltratadas': 1,
    },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'elder-abuse',
    en: 'Elder Abuse',
    es: 'Maltrato a personas mayores',
    codes: { 'FN-1500.1900': 1, 'PH-6500': 0.6 },
    terms: { 'Elder Abuse Issues': 1, 'Adult Protective Services': 1, 'Older Adult/Aging Issues': 0.4, 'Frail Elderly': 0.4, 'In Home Assistance': 0.3, 'Crime Victims': 0.3 },
    phrasesEn: {
      'elder abuse': 1, 'adult protective services': 1, 'abuse of older adults': 1, 'elder financial abuse': 1, 'financial exploitation': 0.8,
      neglect: 0.6, 'long term care ombudsman': 0.9, ombudsman: 0.5, 'elder law': 0.7,
    },
    phrasesEs: { 'maltrato a personas mayores': 1, 'abuso de ancianos': 1, 'servicios de proteccion para adultos': 1 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'health-insurance-coverage-status',
    en: 'Health Insurance Coverage Status',
    es: 'Cobertura de seguro médico',
    codes: { 'NL-5000': 1, 'NS-8000': 0.9 },
    terms: {
      'People Without Health Insurance': 0.6, 'Medicaid Recipients': 0.5, 'Social Health Insurance': 0.9, 'Medicare Appeals/Complaints': 0.8,
      'Insurance Issues': 0.7, 'Benefits Assistance': 0.5, 'Health Insurance Information/Counseling': 1, 'Medicaid': 1, 'Medicare': 1,
      'State Children\'s Health Insurance Program': 1,
    },
    phrasesEn: {
      'health insurance': 1, 'medi-cal': 1, medicaid: 1, medicare: 0.9, 'covered california': 1, 'healthy san francisco': 1,
      'health coverage': 1, 'no health insurance': 0.5, uninsured: 0.5, 'health insurance plan': 0.9, 'health plans': 0.6, 'enrollment assistance': 0.7, 'insurance enrollment': 1,
      'health plan': 0.6, 'affordable care act': 0.9, obamacare: 0.9, 'hicap': 1, 'health insurance counseling': 1,
    },
    phrasesEs: { 'seguro medico': 1, 'seguro de salud': 1, 'sin seguro': 0.9, 'cobertura medica': 1 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'medical-cost-burden',
    en: 'Medical Cost Burden',
    es: 'Carga de gastos médicos',
    terms: {
      'Prescription Expense Assistance': 1, 'People Without Health Insurance': 0.6, 'Emergency Pharmacies': 0.5, 'Outpatient Health Facilities': 0.5,
      'Mobile Health Care': 0.5, 'Dental Care': 0.4, 'Dental Care Referrals': 0.4, 'Community Clinics': 0.8, 'Medical Expense Assistance': 1,
      'Low Income': 0.2,
    },
    phrasesEn: {
      'free clinic': 1, 'sliding scale': 0.9, 'low cost': 0.5, 'prescription assistance': 1, 'medical bills': 1, 'low cost clinic': 1,
      'free health care': 1, 'free medical': 1, 'medical expenses': 1, 'financial assistance for medical': 1, 'no insurance': 0.7, uninsured: 0.6,
    },
    phrasesEs: { 'clinica gratis': 1, 'clinica gratuita': 1, 'gastos medicos': 1, 'facturas medicas': 1, 'bajo costo': 0.5 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'personal-health-literacy',
    en: 'Personal Health Literacy',
    es: 'Alfabetización en salud personal',
    terms: { 'Health Issues': 0.6, 'Health Education': 1, 'Large Print Materials/Collections': 0.4, 'Nutrition Education': 0.4 },
    phrasesEn: { 'health education': 1, 'health information': 0.9, 'patient navigator': 1, 'patient education': 1, 'health literacy': 1 },
    phrasesEs: { 'educacion sobre la salud': 1, 'informacion de salud': 0.9 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'digital-literacy',
    en: 'Digital Literacy',
    es: 'Alfabetización digital',
    codes: { 'HL-8120.1500': 1 },
    terms: { 'Computer and Related Technology Classes': 1, 'Public Libraries': 0.4, 'Computer Literacy Volunteer Opportunities': 0.2 },
    phrasesEn: { 'computer classes': 1, 'computer training': 1, 'internet training': 1, 'digital skills': 1, 'digital literacy': 1, 'computer skills': 1, 'computer literacy': 1 },
    phrasesEs: { 'clases de computacion': 1, 'clases de computadora': 1 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'digital-access',
    en: 'Digital Access',
    es: 'Acceso digital',
    terms: {
      'Public Internet Access Sites': 1, 'Public Wi-Fi Sites': 1, 'Internet Service Providers': 0.7, 'Computer Donation Programs': 0.7,
      'Telephone Service Connection/Repair': 0.6, 'Public Libraries': 0.5,
    },
    phrasesEn: { 'internet access': 1, wifi: 1, 'wi-fi': 1, 'computer access': 1, broadband: 0.9, 'free phone': 0.9, 'free internet': 1, 'computer lab': 0.8 },
    phrasesEs: { 'acceso a internet': 1, 'internet gratis': 1, computadora: 0.6 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'incarceration-status',
    en: 'Incarceration Status',
    es: 'Situación de encarcelamiento',
    codes: { 'FF-0500': 0.9, 'FT-1400': 0.7 },
    terms: {
      'Inmate Pre-Release Programs': 1, 'Adult Probation': 0.8, 'Own Recognizance': 0.7, 'Juvenile Offenders': 0.7, 'Incarcerated Youth': 0.7,
      'Ex-Offender Reentry Programs': 1, 'Legal Representation': 0.3,
    },
    phrasesEn: {
      reentry: 1, 're-entry': 1, parole: 0.9, probation: 0.9, 'formerly incarcerated': 1, incarcerated: 0.8, expungement: 0.9,
      'ex-offenders': 1, 'ex offenders': 1, 'criminal record': 0.8, inmates: 0.7, prisoners: 0.7, jail: 0.6,
    },
    phrasesEs: { reingreso: 0.9, 'libertad condicional': 0.9, 'antecedentes penales': 0.8 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'language-access',
    en: 'Language Access',
    es: 'Acceso lingüístico',
    codes: { 'TJ-3500': 0.6 },
    terms: { 'Interpretation/Translation Services': 1, 'Immigration Issues': 0.4, 'Refugees/Entrants/Asylees': 0.4, 'Literacy Issues': 0.4, 'English as a Second Language': 0.9 },
    phrasesEn: { interpreter: 1, interpreters: 1, interpretation: 0.8, translation: 0.9, esl: 0.8, 'english classes': 0.8, 'learn english': 0.8 },
    phrasesEs: { interprete: 1, traduccion: 0.9, 'clases de ingles': 0.8 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  {
    code: 'legal-help',
    en: 'Legal Help',
    es: 'Ayuda legal',
    codes: { FT: 1, 'FT-3200': 1, 'FT-3600': 1, 'FT-4800': 1, 'FT-4500': 0.9, 'FT-6940': 0.9, 'FT-3000.1750': 1, 'FT-1800': 0.8 },
    terms: {
      'Legal Representation': 1, 'Legal Issues': 0.9, 'Legal Education/Information': 0.9, Lawyers: 0.8, 'General Legal Aid': 1,
      'Lawyer Referral Services': 1, 'Immigration Legal Services': 1, 'Landlord/Tenant Assistance': 0.7, 'Tenant Rights Information/Counseling': 0.6,
      'Class Action Litigation': 0.5, 'Legal Associations': 0.3, 'Consumer Complaints': 0.4, 'Welfare Rights Assistance': 0.5,
      'Constitutional/Civil Rights Groups': 0.4, 'Divorce/Custody/Support Issues': 0.6, 'Immigration Issues': 0.5,
    },
    phrasesEn: {
      'legal aid': 1, 'legal services': 1, 'legal assistance': 1, 'legal help': 1, 'legal advice': 1, 'legal representation': 1,
      lawyer: 0.9, lawyers: 0.9, attorney: 0.9, attorneys: 0.9, legal: 0.7, 'immigration legal': 1, 'know your rights': 0.7,
      'eviction defense': 1, 'court': 0.5, 'legal issues': 0.9, 'legal problems': 0.9, 'lawyer referral': 1, 'legal referral': 1,
      law: 0.6, 'law center': 0.9, 'public defender': 1, 'criminal defense': 1, 'self help center': 0.8, paralegal: 0.8, 'pro bono': 0.9, 'law clinic': 1, 'legal clinic': 1,
    },
    phrasesEs: { 'ayuda legal': 1, 'asesoria legal': 1, abogado: 0.9, abogados: 0.9, 'servicios legales': 1, 'asistencia legal': 1 },
    exclude: [...NOT_FOR_CLIENTS, 'legal associations', 'bar association', 'district attorney', 'law enforcement', 'pro bono attorneys'],
  },
  {
    code: 'sdoh-category-unspecified',
    en: 'SDOH Category Unspecified',
    es: 'Categoría de determinantes sociales no especificada',
    codes: { 'TJ-3000': 1 },
    terms: {
      'Information and Referral': 1, 'Comprehensive Information and Referral': 1, 'Specialized Information and Referral': 0.8,
      '311 Services': 0.6, 'City Government Information Lines': 0.5,
    },
    phrasesEn: { 'information and referral': 1, '211': 0.9, 'help line': 0.8, helpline: 0.8, 'case management': 0.7, 'resource center': 0.6 },
    phrasesEs: { 'informacion y referencias': 1, 'linea de ayuda': 0.8 },
    exclude: [...NOT_FOR_CLIENTS],
  },
  // A strength, not a need: nothing in a services directory is expected to match it.
  { code: 'protective-factor', en: 'Protective Factor', es: 'Factor de protección' },
];
