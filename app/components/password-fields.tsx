import { useTranslation } from 'react-i18next';
import { Field } from './forms';

/** A new password and its repetition, as every form that sets one asks for them. */
export function NewPasswordFields({ errors, label = 'New password' }: { errors: Record<string, string | undefined>; label?: 'New password' | 'Password' }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t(label)} hint={t('At least 12 characters. A few unrelated words together make a strong one.')} error={errors.password}>
        {(props) => <input {...props} type="password" name="password" autoComplete="new-password" />}
      </Field>
      <Field label={label === 'Password' ? t('Password again') : t('New password again')} error={errors.confirmPassword}>
        {(props) => <input {...props} type="password" name="confirmPassword" autoComplete="new-password" />}
      </Field>
    </>
  );
}
