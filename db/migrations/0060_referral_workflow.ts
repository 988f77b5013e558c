import { sql, type Kysely } from 'kysely';

/**
 * The closed loop people can work: coded reasons kept as data, consent item by item with
 * withdrawal, unmanaged referrals, assignment, response windows in business days with holidays,
 * contact attempts, messages, follow-up tasks, needs that end, voided records and merged patients.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // ---- value sets ------------------------------------------------------------------------------
  await sql`
    CREATE TABLE reason_codes (
      kind text NOT NULL CHECK (kind IN ('decline', 'cancel', 'on-hold', 'failure', 'delivered', 'follow-up', 'need-resolution')),
      code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]*$'),
      label_en text NOT NULL,
      label_es text NOT NULL,
      -- "Other" and the like: the coded choice needs a sentence of explanation.
      needs_text boolean NOT NULL DEFAULT false,
      position integer NOT NULL,
      retired_at timestamptz,
      PRIMARY KEY (kind, code)
    )`.execute(db);
  const reasons: Array<[kind: string, code: string, en: string, es: string, needsText?: boolean]> = [
    ['decline', 'at-capacity', 'At capacity — no room for new clients', 'Sin cupo: no hay lugar para clientes nuevos'],
    ['decline', 'not-eligible', 'The patient is not eligible', 'El paciente no cumple los requisitos'],
    ['decline', 'service-not-offered', 'We do not offer this service', 'No ofrecemos este servicio'],
    ['decline', 'duplicate', 'Duplicate of another referral', 'Duplicada de otra derivación'],
    ['decline', 'patient-declined', 'The patient declined the service', 'El paciente rechazó el servicio'],
    ['decline', 'outside-service-area', 'The patient lives outside our service area', 'El paciente vive fuera de nuestra zona de servicio'],
    ['decline', 'other', 'Other reason', 'Otro motivo', true],
    ['cancel', 'patient-request', 'The patient asked to cancel', 'El paciente pidió cancelar'],
    ['cancel', 'need-met-elsewhere', 'The need was met elsewhere', 'La necesidad se atendió en otro lugar'],
    ['cancel', 'referred-elsewhere', 'Referred to another service', 'Se derivó a otro servicio'],
    ['cancel', 'patient-did-not-go', 'The patient did not go', 'El paciente no fue'],
    ['cancel', 'consent-withdrawn', 'The patient withdrew consent', 'El paciente retiró su consentimiento'],
    ['cancel', 'sent-by-mistake', 'Sent by mistake', 'Se envió por error'],
    ['cancel', 'other', 'Other reason', 'Otro motivo', true],
    ['on-hold', 'waiting-for-patient', 'Waiting for the patient', 'Esperando al paciente'],
    ['on-hold', 'waiting-for-documents', 'Waiting for documents', 'Esperando documentos'],
    ['on-hold', 'waitlisted', 'On our waiting list', 'En nuestra lista de espera'],
    ['on-hold', 'patient-unavailable', 'The patient is unavailable for now', 'El paciente no está disponible por ahora'],
    ['on-hold', 'other', 'Other reason', 'Otro motivo', true],
    ['failure', 'unable-to-contact', 'Unable to contact the patient after several attempts', 'No se pudo contactar al paciente después de varios intentos'],
    ['failure', 'no-longer-interested', 'The patient is no longer interested', 'El paciente ya no está interesado'],
    ['failure', 'not-eligible-after-assessment', 'Not eligible after assessment', 'No cumple los requisitos después de la evaluación'],
    ['failure', 'did-not-attend', 'The patient did not come to the appointment', 'El paciente no asistió a la cita'],
    ['failure', 'service-unavailable', 'The service became unavailable', 'El servicio dejó de estar disponible'],
    ['failure', 'other', 'Other reason', 'Otro motivo', true],
    ['delivered', 'service-provided', 'The service was provided', 'Se prestó el servicio'],
    ['delivered', 'goods-provided', 'Food, goods or supplies provided', 'Se entregaron alimentos, artículos o suministros'],
    ['delivered', 'enrolled-in-program', 'Enrolled in a program', 'Se inscribió en un programa'],
    ['delivered', 'application-submitted', 'Benefit application submitted', 'Se presentó la solicitud de beneficios'],
    ['delivered', 'financial-assistance', 'Financial assistance given', 'Se otorgó ayuda económica'],
    ['delivered', 'counselling-or-advice', 'Counselling, advice or case work', 'Orientación, asesoría o gestión del caso'],
    ['delivered', 'other', 'Something else was delivered', 'Se brindó otra ayuda', true],
    ['follow-up', 'reached', 'The patient reached the service', 'El paciente se comunicó con el servicio'],
    ['follow-up', 'got-help', 'The patient got help', 'El paciente recibió ayuda'],
    ['follow-up', 'still-waiting', 'The patient is still waiting', 'El paciente sigue esperando'],
    ['follow-up', 'did-not-go', "The patient didn't go", 'El paciente no fue'],
    ['need-resolution', 'service-received', 'The patient received a service', 'El paciente recibió un servicio'],
    ['need-resolution', 'resolved-by-patient', 'The patient resolved it', 'El paciente lo resolvió'],
    ['need-resolution', 'resolved-with-other-help', 'Resolved with help outside CareLoop', 'Se resolvió con ayuda fuera de CareLoop'],
    ['need-resolution', 'other', 'Other', 'Otro', true],
  ];
  await sql`
    INSERT INTO reason_codes (kind, code, label_en, label_es, needs_text, position)
    SELECT * FROM unnest(
      ${reasons.map((r) => r[0])}::text[], ${reasons.map((r) => r[1])}::text[], ${reasons.map((r) => r[2])}::text[],
      ${reasons.map((r) => r[3])}::text[], ${reasons.map((r) => r[4] ?? false)}::boolean[], ${reasons.map((_, i) => i + 1)}::int[])`.execute(db);

  // ---- organisations: settings and holidays ------------------------------------------------------
  await sql`
    ALTER TABLE organizations
      ADD COLUMN follow_up_business_days integer NOT NULL DEFAULT 5 CHECK (follow_up_business_days BETWEEN 1 AND 60),
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD CONSTRAINT organizations_response_window_max CHECK (response_window_business_days <= 60)`.execute(db);
  // A holiday without an organisation is one every organisation observes (US federal holidays).
  await sql`
    CREATE TABLE holidays (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations (id),
      holiday_on date NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX holidays_day_idx ON holidays (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid), holiday_on)`.execute(db);
  const federal = federalHolidays(2024, 2035);
  await sql`
    INSERT INTO holidays (holiday_on, name)
    SELECT * FROM unnest(${federal.map((h) => h.date)}::date[], ${federal.map((h) => h.name)}::text[])`.execute(db);

  // ---- patients: responsible worker, merges, likely duplicates ------------------------------------------
  // levenshtein(): a name that differs by a letter or two is a likely duplicate.
  await sql`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`.execute(db);
  await sql`
    ALTER TABLE patients
      ADD COLUMN assigned_user_id uuid REFERENCES users (id),
      ADD COLUMN merged_into_id uuid REFERENCES patients (id),
      ADD COLUMN merged_at timestamptz`.execute(db);
  await sql`CREATE INDEX patients_birth_date_idx ON patients (organization_id, birth_date) WHERE merged_into_id IS NULL`.execute(db);
  await sql`CREATE INDEX patients_assigned_idx ON patients (assigned_user_id) WHERE assigned_user_id IS NOT NULL`.execute(db);
  // The merged record keeps its id and its audit rows (which never change); this row says whose they now are.
  await sql`
    CREATE TABLE patient_merges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      survivor_id uuid NOT NULL REFERENCES patients (id),
      merged_id uuid NOT NULL UNIQUE REFERENCES patients (id),
      merged_by uuid NOT NULL REFERENCES users (id),
      moved jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (survivor_id <> merged_id)
    )`.execute(db);
  await sql`CREATE INDEX patient_merges_survivor_idx ON patient_merges (survivor_id)`.execute(db);

  // ---- screenings and needs: voided, resolved, no longer wanted ---------------------------------------
  await sql`
    ALTER TABLE screenings
      ADD COLUMN voided_at timestamptz,
      ADD COLUMN voided_by uuid REFERENCES users (id),
      ADD COLUMN void_reason text`.execute(db);
  await sql`ALTER TABLE needs DROP CONSTRAINT needs_status_check`.execute(db);
  await sql`
    ALTER TABLE needs
      ADD CONSTRAINT needs_status_check CHECK (status IN ('proposed', 'identified', 'addressed', 'dismissed', 'not-wanted', 'entered-in-error')),
      ADD COLUMN resolution_kind text,
      ADD COLUMN resolution_code text,
      ADD COLUMN resolution_note text,
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN closed_by uuid REFERENCES users (id),
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD CONSTRAINT needs_resolution_fk FOREIGN KEY (resolution_kind, resolution_code) REFERENCES reason_codes (kind, code),
      ADD CONSTRAINT needs_resolution_kind CHECK (resolution_kind IS NULL OR resolution_kind = 'need-resolution')`.execute(db);

  // ---- consent, item by item, withdrawable ------------------------------------------------------------
  await sql`ALTER TABLE consents DROP CONSTRAINT consents_method_check`.execute(db);
  await sql`UPDATE consents SET method = 'signed-on-screen' WHERE method = 'electronic'`.execute(db);
  // Before items were chosen one by one, the worker's note was shown to the organisation while consent lasted.
  await sql`UPDATE consents SET shared_items = array_append(shared_items, 'note') WHERE NOT ('note' = ANY (shared_items))`.execute(db);
  await sql`
    ALTER TABLE consents
      ADD CONSTRAINT consents_method_check CHECK (method IN ('verbal', 'written', 'signed-on-screen')),
      ALTER COLUMN shared_with_organization_id DROP NOT NULL,
      ADD COLUMN given_by text NOT NULL DEFAULT 'patient' CHECK (given_by IN ('patient', 'representative')),
      ADD COLUMN representative_name text,
      ADD COLUMN representative_relationship text,
      ADD COLUMN signature_name text,
      ADD COLUMN best_time_to_call text,
      ADD COLUMN withdrawn_at timestamptz,
      ADD COLUMN withdrawn_by uuid REFERENCES users (id),
      ADD COLUMN withdrawal_note text,
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD CONSTRAINT consents_representative CHECK (given_by = 'patient' OR representative_name IS NOT NULL),
      ADD CONSTRAINT consents_signature CHECK (method <> 'signed-on-screen' OR signature_name IS NOT NULL)`.execute(db);

  // ---- referrals ------------------------------------------------------------------------------------------
  await sql`
    ALTER TABLE referrals
      ALTER COLUMN receiving_organization_id DROP NOT NULL,
      ADD COLUMN managed boolean NOT NULL DEFAULT true,
      ADD COLUMN service_organization_name text,
      ADD COLUMN hsds_organization_id uuid,
      ADD COLUMN status_reason_kind text,
      ADD COLUMN status_reason_code text,
      ADD COLUMN assigned_user_id uuid REFERENCES users (id),
      ADD COLUMN receiving_assigned_user_id uuid REFERENCES users (id),
      ADD COLUMN replaces_referral_id uuid REFERENCES referrals (id),
      ADD COLUMN response_due_at timestamptz,
      ADD COLUMN responded_at timestamptz,
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN last_activity_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT referrals_managed CHECK (managed = (receiving_organization_id IS NOT NULL)),
      ADD CONSTRAINT referrals_reason_fk FOREIGN KEY (status_reason_kind, status_reason_code) REFERENCES reason_codes (kind, code)`.execute(db);
  await sql`
    UPDATE referrals SET
      service_organization_name = organizations.name,
      hsds_organization_id = organizations.hsds_organization_id,
      assigned_user_id = referrals.created_by,
      last_activity_at = referrals.updated_at
    FROM organizations WHERE organizations.id = referrals.receiving_organization_id`.execute(db);

  await sql`
    ALTER TABLE referral_events
      ADD COLUMN kind text NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'consent-withdrawn', 'assigned', 'task-completed', 'follow-up')),
      ALTER COLUMN to_status DROP NOT NULL,
      ADD COLUMN reason_kind text,
      ADD COLUMN reason_code text,
      ADD COLUMN subject_user_id uuid REFERENCES users (id),
      ADD COLUMN task_id uuid,
      ADD CONSTRAINT referral_events_reason_fk FOREIGN KEY (reason_kind, reason_code) REFERENCES reason_codes (kind, code),
      ADD CONSTRAINT referral_events_status CHECK (kind <> 'status' OR to_status IS NOT NULL)`.execute(db);

  // The old outcomes of a "completed" referral, said the way the IG's lifecycle says them: not
  // reaching the patient is failed, no capacity at intake is rejected, a referral elsewhere is cancelled.
  const outcomeMap: Array<[outcome: string, status: string, kind: string, code: string]> = [
    ['service-delivered', 'completed', 'delivered', 'service-provided'],
    ['could-not-contact', 'failed', 'failure', 'unable-to-contact'],
    ['not-eligible', 'failed', 'failure', 'not-eligible-after-assessment'],
    ['no-capacity', 'rejected', 'decline', 'at-capacity'],
    ['no-longer-interested', 'failed', 'failure', 'no-longer-interested'],
    ['referred-elsewhere', 'cancelled', 'cancel', 'referred-elsewhere'],
  ];
  for (const [outcome, status, kind, code] of outcomeMap) {
    await sql`
      UPDATE referrals SET status = ${status}, status_reason_kind = ${kind}, status_reason_code = ${code}
      WHERE status = 'completed' AND outcome = ${outcome}`.execute(db);
    await sql`
      UPDATE referral_events SET to_status = ${status}, reason_kind = ${kind}, reason_code = ${code}
      WHERE to_status = 'completed' AND outcome = ${outcome}`.execute(db);
  }
  const freeTextKind = sql`CASE status WHEN 'rejected' THEN 'decline' WHEN 'cancelled' THEN 'cancel' WHEN 'on-hold' THEN 'on-hold' WHEN 'failed' THEN 'failure' WHEN 'completed' THEN 'delivered' END`;
  await sql`
    UPDATE referrals SET status_reason_kind = ${freeTextKind}, status_reason_code = CASE WHEN status = 'completed' THEN 'service-provided' ELSE 'other' END
    WHERE status_reason_code IS NULL AND status IN ('rejected', 'cancelled', 'on-hold', 'failed', 'completed')`.execute(db);
  await sql`
    UPDATE referral_events SET
      reason_kind = CASE to_status WHEN 'rejected' THEN 'decline' WHEN 'cancelled' THEN 'cancel' WHEN 'on-hold' THEN 'on-hold' WHEN 'failed' THEN 'failure' WHEN 'completed' THEN 'delivered' END,
      reason_code = CASE WHEN to_status = 'completed' THEN 'service-provided' ELSE 'other' END
    WHERE reason_code IS NULL AND to_status IN ('rejected', 'cancelled', 'on-hold', 'failed', 'completed')`.execute(db);
  await sql`UPDATE referrals SET closed_at = updated_at WHERE status IN ('rejected', 'completed', 'failed', 'cancelled', 'entered-in-error')`.execute(db);
  await sql`
    UPDATE referrals SET responded_at = first.created_at
    FROM (SELECT referral_id, min(created_at) AS created_at FROM referral_events WHERE from_status = 'requested' GROUP BY referral_id) AS first
    WHERE first.referral_id = referrals.id`.execute(db);
  await sql`ALTER TABLE referrals DROP COLUMN outcome`.execute(db);
  await sql`ALTER TABLE referral_events DROP COLUMN outcome`.execute(db);

  // Lists: the inbox and caseload tabs, "my caseload", the overdue and stuck scans.
  await sql`DROP INDEX referrals_open_updated_idx`.execute(db);
  await sql`CREATE INDEX referrals_receiving_status_idx ON referrals (receiving_organization_id, status, last_activity_at DESC)`.execute(db);
  await sql`CREATE INDEX referrals_referring_status_idx ON referrals (organization_id, status, last_activity_at DESC)`.execute(db);
  await sql`CREATE INDEX referrals_assigned_idx ON referrals (assigned_user_id, status, last_activity_at DESC)`.execute(db);
  await sql`CREATE INDEX referrals_receiving_assigned_idx ON referrals (receiving_assigned_user_id, status) WHERE receiving_assigned_user_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX referrals_response_due_idx ON referrals (response_due_at) WHERE status = 'requested'`.execute(db);
  await sql`CREATE INDEX referrals_activity_open_idx ON referrals (last_activity_at) WHERE status IN ('accepted', 'in-progress', 'on-hold')`.execute(db);
  await sql`CREATE INDEX referrals_duplicate_idx ON referrals (patient_id, need_id, service_id)`.execute(db);
  await sql`CREATE INDEX referrals_replaces_idx ON referrals (replaces_referral_id) WHERE replaces_referral_id IS NOT NULL`.execute(db);

  // ---- contact attempts, messages, read markers ------------------------------------------------------------
  await sql`
    CREATE TABLE referral_contact_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL REFERENCES referrals (id),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      attempted_at timestamptz NOT NULL,
      method text NOT NULL CHECK (method IN ('phone', 'sms', 'email', 'in-person', 'letter')),
      result text NOT NULL CHECK (result IN ('reached', 'no-answer', 'left-message', 'wrong-number', 'message-bounced')),
      note text CHECK (length(note) <= 1000),
      recorded_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX referral_contact_attempts_referral_idx ON referral_contact_attempts (referral_id, attempted_at)`.execute(db);

  await sql`
    CREATE TABLE referral_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL REFERENCES referrals (id),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      author_user_id uuid NOT NULL REFERENCES users (id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      -- An internal note is seen only inside the author's organisation.
      internal boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX referral_messages_referral_idx ON referral_messages (referral_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE referral_reads (
      referral_id uuid NOT NULL REFERENCES referrals (id),
      user_id uuid NOT NULL REFERENCES users (id),
      read_at timestamptz NOT NULL,
      PRIMARY KEY (referral_id, user_id)
    )`.execute(db);

  // ---- follow-up tasks --------------------------------------------------------------------------------------
  await sql`
    CREATE TABLE follow_up_tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      referral_id uuid REFERENCES referrals (id),
      kind text NOT NULL CHECK (kind IN ('call-patient', 'check-outcome', 're-screen', 'other')),
      note text CHECK (length(note) <= 500),
      due_on date NOT NULL,
      assigned_user_id uuid REFERENCES users (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      completion_note text CHECK (length(completion_note) <= 1000),
      completed_at timestamptz,
      completed_by uuid REFERENCES users (id),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX follow_up_tasks_assigned_idx ON follow_up_tasks (assigned_user_id, due_on) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX follow_up_tasks_organization_idx ON follow_up_tasks (organization_id, due_on) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX follow_up_tasks_patient_idx ON follow_up_tasks (patient_id)`.execute(db);
  await sql`CREATE INDEX follow_up_tasks_referral_idx ON follow_up_tasks (referral_id) WHERE referral_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}

/** US federal holidays as observed (a Saturday holiday on the Friday before, a Sunday one on the Monday after). */
function federalHolidays(fromYear: number, toYear: number): Array<{ date: string; name: string }> {
  const iso = (date: Date) => date.toISOString().slice(0, 10);
  const nth = (year: number, month: number, weekday: number, n: number) => {
    const first = new Date(Date.UTC(year, month, 1));
    return new Date(Date.UTC(year, month, 1 + ((weekday - first.getUTCDay() + 7) % 7) + (n - 1) * 7));
  };
  const last = (year: number, month: number, weekday: number) => {
    const end = new Date(Date.UTC(year, month + 1, 0));
    return new Date(Date.UTC(year, month, end.getUTCDate() - ((end.getUTCDay() - weekday + 7) % 7)));
  };
  const observed = (year: number, month: number, day: number) => {
    const date = new Date(Date.UTC(year, month, day));
    const shift = date.getUTCDay() === 6 ? -1 : date.getUTCDay() === 0 ? 1 : 0;
    return new Date(Date.UTC(year, month, day + shift));
  };
  const days: Array<{ date: string; name: string }> = [];
  for (let year = fromYear; year <= toYear; year++) {
    days.push(
      { date: iso(observed(year, 0, 1)), name: "New Year's Day" },
      { date: iso(nth(year, 0, 1, 3)), name: 'Martin Luther King Jr. Day' },
      { date: iso(nth(year, 1, 1, 3)), name: "Washington's Birthday" },
      { date: iso(last(year, 4, 1)), name: 'Memorial Day' },
      { date: iso(observed(year, 5, 19)), name: 'Juneteenth' },
      { date: iso(observed(year, 6, 4)), name: 'Independence Day' },
      { date: iso(nth(year, 8, 1, 1)), name: 'Labor Day' },
      { date: iso(nth(year, 9, 1, 2)), name: 'Columbus Day' },
      { date: iso(observed(year, 10, 11)), name: 'Veterans Day' },
      { date: iso(nth(year, 10, 4, 4)), name: 'Thanksgiving Day' },
      { date: iso(observed(year, 11, 25)), name: 'Christmas Day' },
    );
  }
  // New Year's Day on a Saturday is observed on 31 December of the year before: keep the years' rows apart.
  const seen = new Set<string>();
  return days.filter((day) => !seen.has(day.date) && seen.add(day.date));
}
