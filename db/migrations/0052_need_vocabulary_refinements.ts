import { sql, type Kysely } from 'kysely';

/**
 * Matching, the need vocabulary refined: AIRS/211 term names a directory may use, English and Spanish phrases
 * a worker would expect, weights that say less where a term or phrase is about something else (donation
 * programmes that collect goods, complaint lines, sexual assault beside partner violence), and exclusions.
 *
 * The vocabulary is data platform admins edit since 0050, so this migration changes an entry only where it is
 * still as 0050 left it (same weight), removes one only in that case too, and adds entries that are not there.
 * A need an admin edited keeps every entry the admin changed; it still gains the new entries (an admin who
 * does not want one removes it on the page). Each need that changed gets its version bumped, so an admin
 * editing it meanwhile gets a conflict rather than overwriting this.
 *
 * Scores are computed when a service is indexed, so every service is queued to be indexed again through the
 * job queue (the same jobs a directory change queues), in this transaction: a migrated database picks up the
 * new scores, in whichever engine it runs, once the worker runs. On a new database the queue's own schema is
 * created after the migrations and the index starts empty: the first start fills it with these scores.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const changed = new Set<string>();
  // Only needs that are still there: an admin may have removed one.
  const present = new Set((await db.selectFrom('need_vocabularies').select('need_category').execute()).map((row) => row.need_category as string));
  for (const [need, changes] of Object.entries(CHANGES)) {
    if (!present.has(need)) continue;
    for (const [kind, language, value, from, to] of changes.reweigh ?? []) {
      const rows = await db
        .updateTable('need_vocabulary_entries')
        .set({ weight: to })
        .where('need_category', '=', need)
        .where('kind', '=', kind)
        .where('language', '=', language)
        .where('value', '=', value)
        .where(sql<boolean>`abs(weight - ${from}) < 0.001`)
        .returning('value')
        .execute();
      if (rows.length) changed.add(need);
    }
    for (const [kind, language, value, weight] of changes.remove ?? []) {
      const rows = await db
        .deleteFrom('need_vocabulary_entries')
        .where('need_category', '=', need)
        .where('kind', '=', kind)
        .where('language', '=', language)
        .where('value', '=', value)
        .where(sql<boolean>`abs(weight - ${weight}) < 0.001`)
        .returning('value')
        .execute();
      if (rows.length) changed.add(need);
    }
    const added = [
      ...Object.entries(changes.terms ?? {}).map(([value, weight]) => ({ kind: 'taxonomy_term', language: '', value, weight })),
      ...Object.entries(changes.codes ?? {}).map(([value, weight]) => ({ kind: 'taxonomy_code', language: '', value, weight })),
      ...Object.entries(changes.phrasesEn ?? {}).map(([value, weight]) => ({ kind: 'phrase', language: 'en', value, weight })),
      ...Object.entries(changes.phrasesEs ?? {}).map(([value, weight]) => ({ kind: 'phrase', language: 'es', value, weight })),
      ...(changes.exclude ?? []).map((value) => ({ kind: 'exclude', language: '', value, weight: 1 })),
    ];
    if (added.length) {
      const rows = await db
        .insertInto('need_vocabulary_entries')
        .values(added.map((entry) => ({ need_category: need, ...entry })))
        .onConflict((conflict) => conflict.doNothing())
        .returning('value')
        .execute();
      if (rows.length) changed.add(need);
    }
  }
  if (changed.size) {
    await db
      .updateTable('need_vocabularies')
      .set({ version: sql`version + 1`, updated_at: sql`now()` })
      .where('need_category', 'in', [...changed])
      .execute();
  }

  const { rows } = await sql<{ queue: string | null }>`SELECT to_regprocedure('graphile_worker.add_job(text, json, text, timestamptz, integer, text, integer, text[], text)')::text AS queue`.execute(db);
  if (changed.size && rows[0].queue) {
    // 500 services per job, as every index job of the directory (search/sync.ts SYNC_BATCH).
    await sql`
      SELECT graphile_worker.add_job('search.sync-services', json_build_object('serviceIds', json_agg(id ORDER BY id)))
      FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 500 AS batch FROM hsds_services) services
      GROUP BY batch`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

type Kind = 'taxonomy_code' | 'taxonomy_term' | 'phrase' | 'exclude';
type Language = '' | 'en' | 'es';

interface NeedChanges {
  /** [kind, language, value, weight 0050 gave it, new weight] */
  reweigh?: Array<[Kind, Language, string, number, number]>;
  /** [kind, language, value, weight 0050 gave it] */
  remove?: Array<[Kind, Language, string, number]>;
  terms?: Record<string, number>;
  codes?: Record<string, number>;
  phrasesEn?: Record<string, number>;
  phrasesEs?: Record<string, number>;
  exclude?: string[];
}

const CHANGES: Record<string, NeedChanges> = {
  'material-hardship': {
    // AIRS files "... Donation Programs" under donor services: programmes that collect goods, which some also give away.
    reweigh: [
      ['taxonomy_term', '', 'Baby Clothing/Diaper Donation Programs', 1, 0.7],
      ['taxonomy_term', '', 'Clothing Donation Programs', 0.6, 0.5],
      ['taxonomy_term', '', 'General Clothing Donation Programs', 0.6, 0.5],
    ],
    terms: {
      'Baby Clothing': 1, "Children's Clothing": 1, 'School Clothing': 1, 'Clothing Vouchers': 1, Coats: 1, 'Maternity Clothing': 0.9,
      Shoes: 0.9, 'Baby Supplies': 1, 'Bedding/Linens': 0.9, Blankets: 0.9, Mattresses: 0.9, Beds: 0.8, 'Household Goods Vouchers': 1,
      'Personal Care Items': 0.9, 'Hygiene Kits': 0.9, 'School Supplies': 0.8, 'Holiday Gifts/Toys': 0.6, 'Small Appliances': 0.7,
    },
    phrasesEn: {
      'clothing vouchers': 0.9, 'clothing closet': 1, 'clothing bank': 0.9, 'free clothes': 1, 'warm clothing': 1, 'winter clothing': 1,
      'hygiene kits': 0.8, 'hygiene products': 0.8, 'personal care items': 0.9, 'baby items': 1, 'diaper bank': 1, cribs: 0.8,
      'car seats': 0.7, bedding: 0.8, 'sleeping bags': 0.8, 'household essentials': 0.9, 'dry goods': 0.5,
    },
    phrasesEs: {
      'ropa gratis': 1, 'ropa de invierno': 1, 'articulos para bebe': 1, 'articulos del hogar': 0.9, 'productos de higiene': 0.8,
      zapatos: 0.6, mantas: 0.7, abrigos: 0.8, chamarras: 0.7, cunas: 0.8,
    },
    exclude: ['household goods storage', 'storage facility'],
  },
  'transportation-insecurity': {
    // A complaint line is weighed low already (0.2); excluding it also dropped transit operators filed under it.
    remove: [['exclude', '', 'transportation system complaints', 1]],
    terms: {
      'Transportation Expense Assistance': 1, 'Disability Related Transportation': 1, 'Senior Ride Programs': 1, 'Gas Money': 0.9,
      'Bus Fare': 1, 'Taxi Services': 0.7, 'Ambulance Services': 0.3, 'Automobile Repair': 0.5,
    },
    phrasesEn: {
      'public transportation': 1, 'public transit': 0.9, 'transportation services': 1, 'transportation assistance': 1, taxi: 0.7,
      'taxi vouchers': 1, 'taxi scrip': 1, 'van service': 0.8, 'reduced fare': 0.9, 'discount fare': 0.9, 'free transportation': 1,
      'non-emergency medical transportation': 1, 'rides to medical appointments': 1, 'ride to medical appointments': 1, 'gas vouchers': 0.8,
      'door to door': 0.5,
    },
    phrasesEs: {
      'transporte publico': 1, 'transporte gratis': 1, 'transporte gratuito': 1, 'transporte medico': 1, 'pase de transporte': 1,
      'tarifa reducida': 0.9, taxi: 0.7,
    },
    exclude: ['class action litigation'],
  },
  'health-insurance-coverage-status': {
    reweigh: [
      // A public health plan names itself so; "mental health plan" is excluded below.
      ['phrase', 'en', 'health plan', 0.6, 0.9],
      ['phrase', 'en', 'health plans', 0.6, 0.9],
      // Help with a complaint about care, or with insurance of any kind, is coverage help in part only.
      ['taxonomy_term', '', 'Medicare Appeals/Complaints', 0.8, 0.6],
      ['taxonomy_term', '', 'Insurance Issues', 0.7, 0.5],
      ['taxonomy_term', '', 'Medicaid Recipients', 0.5, 0.4],
    ],
    terms: {
      'Health Insurance': 1, 'Medicaid Applications': 1, 'Health Insurance Marketplaces': 1, 'Health Insurance Premium Assistance': 1,
      'Medicare Counseling': 0.9, 'Children\'s Health Insurance Program': 1,
    },
    phrasesEn: {
      'health insurance enrollment': 1, 'medi-cal enrollment': 1, 'medicaid enrollment': 1, 'health care coverage': 1, 'medical insurance': 1,
      'insurance counseling': 0.9, 'open enrollment': 0.8, 'managed care': 0.7, 'health insurance marketplace': 1, 'public health insurance': 1,
    },
    phrasesEs: { 'plan de salud': 0.9, 'cobertura de salud': 1, 'seguro de salud publico': 1, 'inscripcion en medi-cal': 1 },
    exclude: ['mental health plan'],
  },
  'intimate-partner-violence': {
    // Sexual assault and rape crisis services help some survivors of partner violence, not most.
    reweigh: [
      ['taxonomy_term', '', 'Sexual Assault Issues', 0.8, 0.6],
      ['phrase', 'en', 'sexual assault', 0.7, 0.5],
      ['phrase', 'en', 'rape crisis', 0.7, 0.5],
    ],
    terms: { 'Domestic Violence Legal Assistance': 1, 'Domestic Violence Support Groups': 1, 'Battered Women\'s Shelters': 1 },
    phrasesEn: {
      'domestic violence survivors': 1, 'survivors of domestic violence': 1, 'victims of domestic violence': 1, 'domestic violence victims': 1,
      'fleeing domestic violence': 1, 'due to domestic violence': 1, 'domestic violence shelter': 1, 'battered women': 1,
      'abusive partner': 1, 'safety planning': 0.9, 'confidential shelter': 0.9, 'crisis line': 0.5, 'crisis services': 0.4, 'violence against women': 0.8, 'domestic abuse': 1,
    },
    phrasesEs: {
      'victimas de violencia domestica': 1, 'sobrevivientes de violencia domestica': 1, 'refugio para mujeres': 0.9, 'refugio confidencial': 0.9, 'linea de crisis': 0.5, 'abuso domestico': 1,
    },
    // Programmes for those who abuse are not help for the person screened as abused.
    exclude: ['batterers', 'batterer intervention', 'batterers intervention', 'intimate partner abusers', 'perpetrators of domestic violence'],
  },
  'food-insecurity': {
    terms: { 'Food Lines': 1, 'Choice Pantries': 1, 'Mobile Food Pantries': 1, 'Grocery Delivery': 0.8, 'Produce Distribution': 1 },
    phrasesEn: {
      'food distribution': 1, 'food assistance': 1, 'food programs': 0.9, 'grocery distribution': 1, 'free groceries': 1, 'free produce': 1,
      'community meal': 1, 'community meals': 1, 'free meal': 1, 'nutritious meals': 0.9, 'food vouchers': 1,
    },
    phrasesEs: { 'comida caliente': 1, 'distribucion de alimentos': 1, 'despensa de comida': 1, 'comidas gratis': 1, 'asistencia alimentaria': 1 },
  },
  'educational-attainment': {
    // Help into college and reading to small children serve education less directly than classes and tutoring.
    reweigh: [
      ['taxonomy_term', '', 'College/University Entrance Support', 0.8, 0.7],
      ['taxonomy_term', '', 'Early Literacy Development Programs', 0.8, 0.7],
    ],
    terms: { 'Adult Literacy Programs': 1, 'Tutorial Services': 1, 'High School Completion/GED Programs': 1 },
    phrasesEn: {
      tutorial: 0.8, 'adult learning': 1, 'esl classes': 1, 'literacy classes': 1, 'ged classes': 1, 'adult literacy': 1, 'study hall': 0.8,
      'after school tutoring': 1, 'academic support': 0.8,
    },
    phrasesEs: { 'clases de ged': 1, 'clases de alfabetizacion': 1, 'ayuda con tareas': 0.8 },
  },
  'utility-insecurity': {
    terms: { 'Utility Bill Payment Assistance': 1, 'Home Energy Assistance': 1, 'Low Income Home Energy Assistance Program': 1 },
    phrasesEn: {
      'bill payment assistance': 1, 'utility assistance': 1, 'utility discount': 1, 'discounted rates': 0.8, 'low income discount': 0.9,
      'residential customers': 0.6, 'energy bills': 1, 'water bills': 1,
    },
    phrasesEs: { 'ayuda con facturas': 0.9, 'descuento en la factura': 1 },
  },
};
