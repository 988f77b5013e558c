import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { notFound } from '~/http.server';
import { previewVocabulary, type PreviewHit } from '~/matching/vocabulary-preview.server';
import { ENTRY_FIELDS, entryText, formEntries, vocabularySchema, type EntryField } from '~/matching/vocabulary.schema';
import { getNeedVocabulary, saveNeedVocabulary } from '~/matching/vocabulary.server';

export const meta: MetaFunction = () => [{ title: 'Need · CareLoop' }];

const NEW = 'new';

interface FormState {
  needCategory: string;
  labelEn: string;
  labelEs: string;
  version: number;
  lists: Record<EntryField, string>;
  previewZip: string;
}

function stateOf(vocabulary: Awaited<ReturnType<typeof getNeedVocabulary>>): FormState {
  const empty = { needCategory: '', labelEn: '', labelEs: '', version: 0, entries: [] };
  const source = vocabulary ?? empty;
  return {
    needCategory: source.needCategory,
    labelEn: source.labelEn,
    labelEs: source.labelEs,
    version: source.version,
    lists: Object.fromEntries((Object.keys(ENTRY_FIELDS) as EntryField[]).map((field) => [field, entryText(source.entries, field)])) as Record<EntryField, string>,
    previewZip: '',
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  if (params.needCategory === NEW) return data({ isNew: true, saved: false, form: stateOf(undefined) });
  const vocabulary = await getNeedVocabulary(getDb(), params.needCategory ?? '');
  if (!vocabulary) notFound();
  return data({ isNew: false, saved: new URL(request.url).searchParams.get('saved') === '1', form: stateOf(vocabulary) });
}

type ActionResult = { errors: Record<string, string>; form: FormState; preview: PreviewHit[] | null; message: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:platform');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const db = getDb();
  const isNew = params.needCategory === NEW;
  if (!isNew && !(await getNeedVocabulary(db, params.needCategory ?? ''))) notFound();
  const values = formValues(formData);
  if (!isNew) values.needCategory = params.needCategory;
  const submitted: FormState = {
    needCategory: String(values.needCategory ?? ''),
    labelEn: String(values.labelEn ?? ''),
    labelEs: String(values.labelEs ?? ''),
    version: Number(values.version ?? 0),
    lists: Object.fromEntries((Object.keys(ENTRY_FIELDS) as EntryField[]).map((field) => [field, String(values[field] ?? '')])) as Record<EntryField, string>,
    previewZip: String(values.previewZip ?? ''),
  };
  const parsed = vocabularySchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionResult>({ errors: fieldErrorsOf(parsed.error), form: submitted, preview: null, message: null }, { status: 400 });
  }
  const entries = formEntries(parsed.data);
  if (values.intent === 'preview') {
    if (!parsed.data.previewZip) return data<ActionResult>({ errors: { previewZip: 'Give a 5-digit ZIP code to preview.' }, form: submitted, preview: null, message: null }, { status: 400 });
    const preview = await previewVocabulary(db, parsed.data.needCategory, entries, parsed.data.previewZip);
    if (!preview) return data<ActionResult>({ errors: { previewZip: 'That is not a known US ZIP code.' }, form: submitted, preview: null, message: null }, { status: 400 });
    return data<ActionResult>({ errors: {}, form: submitted, preview, message: 'Not saved yet: this is what the change would find.' });
  }
  if (entries.length === 0) {
    return data<ActionResult>({ errors: { phrasesEn: 'Give at least one code, term or phrase.' }, form: submitted, preview: null, message: null }, { status: 400 });
  }
  const outcome = await saveNeedVocabulary(
    db,
    { needCategory: parsed.data.needCategory, labelEn: parsed.data.labelEn, labelEs: parsed.data.labelEs, entries, version: isNew ? 0 : parsed.data.version },
    session.user.id,
  );
  if (!outcome.ok) {
    const message = isNew ? 'A need with that code exists already.' : 'Someone saved this need while you were editing it. This is what it holds now; make your change again.';
    return data<ActionResult>({ errors: isNew ? { needCategory: message } : {}, form: isNew ? submitted : stateOf(outcome.conflict), preview: null, message: isNew ? null : message }, { status: 409 });
  }
  return redirect(`/admin/needs/${parsed.data.needCategory}?saved=1`);
}

const LIST_LABELS: Record<EntryField, { label: string; hint: string }> = {
  taxonomyCodes: { label: 'AIRS/211 taxonomy codes', hint: 'One per line; a code also finds every term below it. E.g. BD-1800 | 1' },
  taxonomyTerms: { label: 'Taxonomy term names', hint: 'For directories without codes. One per line, e.g. Food Pantries | 1' },
  phrasesEn: { label: 'English phrases', hint: 'Words a service uses when it meets the need, e.g. food pantry | 1 or hunger | 0.6' },
  phrasesEs: { label: 'Spanish phrases', hint: 'For Spanish listings and searches, e.g. despensa | 1' },
  exclusions: { label: 'Phrases that rule a service out', hint: 'In a name or term they mean the service is for someone else, e.g. volunteer opportunities' },
};

export default function NeedVocabularyPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const form = actionData?.form ?? loaded.form;
  const errors = actionData?.errors ?? {};
  const saved = loaded.saved;
  return (
    <section>
      <p>
        <Link to="/admin/needs">← {t('Needs')}</Link>
      </p>
      <h1>{loaded.isNew ? t('Add a need') : form.labelEn}</h1>
      {saved && !actionData ? <p role="status">{t('Saved. Every service is being scored again.')}</p> : null}
      <FormError message={actionData?.message && actionData.preview === null ? actionData.message : null} />
      <Form method="post" key={`${form.version}`} className="vocabulary-entries">
        <CsrfInput />
        <input type="hidden" name="version" value={form.version} />
        {loaded.isNew ? (
          <Field label={t('Code')} hint={t('Lower-case letters, digits and hyphens, e.g. legal-help.')} error={errors.needCategory}>
            {(props) => <input {...props} name="needCategory" defaultValue={form.needCategory} maxLength={61} required />}
          </Field>
        ) : null}
        <Field label={t('Name in English')} error={errors.labelEn}>
          {(props) => <input {...props} name="labelEn" defaultValue={form.labelEn} maxLength={100} required />}
        </Field>
        <Field label={t('Name in Spanish')} error={errors.labelEs}>
          {(props) => <input {...props} name="labelEs" defaultValue={form.labelEs} maxLength={100} required lang="es" />}
        </Field>
        {(Object.keys(ENTRY_FIELDS) as EntryField[]).map((field) => (
          <Field key={field} label={t(LIST_LABELS[field].label)} hint={t(LIST_LABELS[field].hint)} error={errors[field]}>
            {(props) => <textarea {...props} name={field} defaultValue={form.lists[field]} lang={field === 'phrasesEs' ? 'es' : undefined} />}
          </Field>
        ))}
        <fieldset>
          <legend>{t('Preview before saving')}</legend>
          <Field label={t('ZIP code')} error={errors.previewZip}>
            {(props) => <input {...props} name="previewZip" defaultValue={form.previewZip} inputMode="numeric" maxLength={5} />}
          </Field>
          <button type="submit" name="intent" value="preview">
            {t('Preview the top results')}
          </button>
        </fieldset>
        <button type="submit" name="intent" value="save" className="primary">
          {t('Save')}
        </button>
      </Form>
      {actionData?.preview ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('Top results near {{zip}}', { zip: form.previewZip })}</h2>
          <p role="status">{t(actionData.message ?? '')}</p>
          {actionData.preview.length === 0 ? (
            <p>{t('No service near this ZIP code would meet the need.')}</p>
          ) : (
            <ol className="cards results">
              {actionData.preview.map((hit) => (
                <li key={hit.serviceId} className="card">
                  <h3 className="card-title">{hit.serviceName}</h3>
                  <p>{hit.organizationName}</p>
                  <p className="hint why">
                    {[hit.matchedTerms[0], t('{{miles}} mi', { miles: hit.distanceMiles.toLocaleString(localeTag) })].filter(Boolean).join(' · ')}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </section>
  );
}
