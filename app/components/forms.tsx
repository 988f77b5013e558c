import { zodResolver } from '@hookform/resolvers/zod';
import { useRouteLoaderData, useSubmit } from '@remix-run/react';
import { useEffect, useId, type FormEvent, type ReactNode } from 'react';
import { useForm, type FieldValues, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';

interface RootData {
  csrfToken: string | null;
}

/** The hidden CSRF token every form that changes something must carry. */
export function CsrfInput({ token }: { token?: string }) {
  const root = useRouteLoaderData<RootData>('root');
  return <input type="hidden" name="csrf" value={token ?? root?.csrfToken ?? ''} />;
}

export type FieldErrors = Record<string, string | undefined>;

/**
 * Client-side checks with the same zod schema the server uses. The browser still submits the
 * real form (so it works without JavaScript, and the server's answer is the truth); with
 * JavaScript, a form with mistakes is stopped and the messages show at once.
 */
export function useZodForm<Schema extends z.ZodType<FieldValues, FieldValues>>(
  schema: Schema,
  options: { defaultValues?: Partial<z.input<Schema>>; serverErrors?: FieldErrors } = {},
) {
  const submit = useSubmit();
  const form = useForm<z.input<Schema>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<Schema>>,
    mode: 'onTouched',
    defaultValues: options.defaultValues as never,
    shouldUseNativeValidation: false,
  });
  const { setError } = form;
  useEffect(() => {
    for (const [field, message] of Object.entries(options.serverErrors ?? {})) {
      if (message) setError(field as never, { type: 'server', message });
    }
  }, [options.serverErrors, setError]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    event.preventDefault();
    void form.handleSubmit(() => submit(submitter ?? formElement, { method: 'post' }))(event);
  };

  const errorOf = (field: string): string | undefined => {
    const error = (form.formState.errors as Record<string, { message?: string } | undefined>)[field];
    return error?.message ?? options.serverErrors?.[field];
  };

  return { ...form, onSubmit, errorOf };
}

// Labels and hints arrive translated; errors arrive as the English message the schema or the
// server produced, and are translated here.
interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its hint and error, wired for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error ? (
        <p className="error" id={errorId}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export function FieldsetError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation();
  return error ? (
    <p className="error" id={id}>
      {t(error)}
    </p>
  ) : null;
}

export function FormError({ message }: { message?: string | null }) {
  const { t } = useTranslation();
  return message ? (
    <div className="form-error" role="alert">
      {t(message)}
    </div>
  ) : null;
}

/** Turns a submitted form into plain values for zod; `arrays` names fields that may repeat. */
export function formValues(formData: FormData, arrays: string[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key === 'csrf') continue;
    values[key] = arrays.includes(key) ? formData.getAll(key).map(String) : String(formData.get(key));
  }
  for (const key of arrays) values[key] ??= [];
  return values;
}

/** zod issues as one message per field (the first), keyed by the top-level field name. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}
