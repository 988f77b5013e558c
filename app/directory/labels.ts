// Directory words the screens look up by value (translation keys; Spanish in app/i18n/es/directory.ts).
export const IMPORT_STATUS_LABELS: Record<string, string> = {
  queued: 'Waiting',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Refused',
};

export const IMPORT_PHASE_LABELS: Record<string, string> = {
  reading: 'Reading the files',
  checking: 'Checking keys, uniques and references',
  writing: 'Writing to the directory',
  done: 'Finished',
};
