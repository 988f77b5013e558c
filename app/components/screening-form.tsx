import { Form } from '@remix-run/react';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { InstrumentItem, Language, ScreeningAnswers } from '~/screening/instrument';
import { getInstrument } from '~/screening/instruments/index';
import { answersFromForm } from '~/screening/scoring';
import { screeningFormSchema } from '~/screening/form-answers';
import { answerText, groupText, itemText, type ShownTranslation } from '~/screening/text';
import type { InstrumentId } from '~/screening/instrument';
import { CsrfInput, useZodForm } from './forms';

interface ScreeningFormProps {
  instrumentId: InstrumentId;
  language: Language;
  answers?: ScreeningAnswers;
  version?: number;
  serverErrors?: Record<string, string>;
  /** Staff can save a draft; a patient on their phone only submits. */
  allowDraft: boolean;
  csrfToken?: string;
  submitLabel: string;
  /** The official translation loaded for `language`, if any, with where it comes from. */
  translation?: (ShownTranslation & { source: string; version: number }) | null;
  /** The server asks to confirm a submission with no answers at all. */
  confirmEmpty?: boolean;
}

function chosen(answer: ScreeningAnswers[string]): string[] {
  if (answer === undefined || typeof answer === 'object' && !Array.isArray(answer)) return [];
  return Array.isArray(answer) ? [...answer] : [String(answer)];
}

function absentReason(answer: ScreeningAnswers[string]): string | undefined {
  return answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as { absent: string }).absent : undefined;
}

/**
 * Any instrument as one accessible form: a fieldset per question, large choices, "declined"
 * recorded as such. It posts natively (works without JavaScript); with JavaScript the same
 * validation as the server's runs first and shows its messages without a round trip.
 */
export function ScreeningForm({
  instrumentId,
  language,
  answers = {},
  version,
  serverErrors,
  allowDraft,
  csrfToken,
  submitLabel,
  translation,
  confirmEmpty,
}: ScreeningFormProps) {
  const { t } = useTranslation();
  const instrument = getInstrument(instrumentId);
  const schema = useMemo(() => screeningFormSchema(instrumentId), [instrumentId]);
  const form = useZodForm(schema, { serverErrors });
  const [answered, setAnswered] = useState(() => instrument.items.filter((item) => answers[item.code] !== undefined).length);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors: Record<string, string> = {};
  for (const key of [...Object.keys(serverErrors ?? {}), ...Object.keys(form.formState.errors)]) {
    const message = form.errorOf(key);
    if (message) errors[key] = message;
  }
  const total = instrument.items.length;
  const untranslated = language !== 'en' && instrument.items.some((item) => itemText(item, language, translation).language !== language);

  const countAnswered = (form: HTMLFormElement) => {
    const values = answersFromForm(instrumentId, new FormData(form));
    setAnswered(instrument.items.filter((item) => values[item.code] !== undefined).length);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    form.onSubmit(event);
    // After a refused submission, move focus to the list of what needs attention.
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  let lastGroup: string | undefined;
  let lastSection: string | undefined;
  return (
    <Form method="post" noValidate onSubmit={onSubmit} onChange={(event) => countAnswered(event.currentTarget)} className="screening-form">
      <CsrfInput token={csrfToken} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {untranslated ? (
        <p className="notice" lang="es">
          {t('Some questions are shown in English: there is no official Spanish version of this screener yet.')}
        </p>
      ) : translation && language !== 'en' ? (
        <p className="hint translation-source">
          {t('Questions in Spanish from the official translation: {{source}} (version {{version}}).', { source: translation.source, version: translation.version })}
        </p>
      ) : null}
      {confirmEmpty ? (
        <div className="notice" role="alert">
          <p>{t('No question has an answer. Submit the screening with no answers at all?')}</p>
          <button type="submit" name="confirm-empty" value="yes" formNoValidate>
            {t('Submit with no answers')}
          </button>
        </div>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <div className="form-error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>{t('Some answers need attention:')}</p>
          <ul>
            {Object.entries(errors).map(([item, message]) => (
              <li key={item}>{item === 'form' ? t(message) : <a href={`#q-${item}`}>{t(message)}</a>}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="progress-text" aria-live="polite">
        {t('{{answered}} of {{total}} questions answered', { answered, total })}
      </p>
      <progress max={total} value={answered} aria-hidden="true" />
      {instrument.items.map((item, index) => {
        const group = item.group ? instrument.groups.find((candidate) => candidate.linkId === item.group) : undefined;
        const sectionHeading = item.section && item.section !== lastSection ? item.section : null;
        const groupHeading = group && group.linkId !== lastGroup && !sectionHeading ? groupText(group, language, translation) : null;
        lastGroup = group?.linkId;
        lastSection = item.section;
        return (
          <div key={item.code}>
            {sectionHeading ? <h2>{sectionHeading === 'core' ? t('Core questions') : t('Supplemental questions')}</h2> : null}
            {groupHeading ? <h2 lang={groupHeading.language}>{groupHeading.text}</h2> : null}
            <Question
              item={item}
              index={index}
              total={total}
              language={language}
              translation={translation}
              answer={answers[item.code]}
              error={errors[item.code]}
              register={form.register}
            />
          </div>
        );
      })}
      <div className="button-row">
        <button type="submit" name="intent" value="submit" className="primary">
          {t(submitLabel)}
        </button>
        {allowDraft ? (
          <button type="submit" name="intent" value="draft" formNoValidate>
            {t('Save draft')}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

function Question({
  item,
  index,
  total,
  language,
  translation,
  answer,
  error,
  register,
}: {
  item: InstrumentItem;
  index: number;
  total: number;
  language: Language;
  translation?: ShownTranslation | null;
  answer: ScreeningAnswers[string];
  error?: string;
  register: UseFormRegister<Record<string, unknown>>;
}) {
  const { t } = useTranslation();
  const text = itemText(item, language, translation);
  // One "won't answer" choice per question: the item's own where it has one, else "Declined to answer".
  const ownDeclineOption = item.answers.some((option) => option.declines);
  const selected = chosen(answer);
  const absent = absentReason(answer);
  const errorId = `q-${item.code}-error`;
  return (
    <fieldset id={`q-${item.code}`} className={`question${error ? ' field--error' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>
        <span className="step">{t('Question {{number}} of {{total}}', { number: index + 1, total })}</span>
        <span lang={text.language}>{text.text}</span>
      </legend>
      {item.repeats ? <p className="hint">{t('Choose all that apply.')}</p> : null}
      {error ? (
        <p className="error" id={errorId}>
          {t(error)}
        </p>
      ) : null}
      {item.kind === 'choice' ? (
        <div className="choices">
          {item.answers.map((option) => {
            const label = answerText(item, option, language, translation);
            return (
              <label key={option.code} className="choice">
                <input type={item.repeats ? 'checkbox' : 'radio'} {...register(item.code)} value={option.code} defaultChecked={selected.includes(option.code)} />
                <span lang={label.language}>{label.text}</span>
              </label>
            );
          })}
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`q-${item.code}-value`}>{item.kind === 'string' ? t('Answer') : t('Number')}</label>
          <input
            id={`q-${item.code}-value`}
            {...register(item.code)}
            type={item.kind === 'string' ? 'text' : 'number'}
            inputMode={item.kind === 'integer' ? 'numeric' : item.kind === 'decimal' ? 'decimal' : undefined}
            min={item.kind === 'string' ? undefined : 0}
            step={item.kind === 'decimal' ? 'any' : undefined}
            defaultValue={selected[0] ?? ''}
          />
        </div>
      )}
      {ownDeclineOption ? null : (
        <label className="choice choice--declined">
          <input type="checkbox" {...register(`absent:${item.code}`)} value="asked-declined" defaultChecked={absent === 'asked-declined'} />
          {t('Declined to answer')}
        </label>
      )}
    </fieldset>
  );
}
