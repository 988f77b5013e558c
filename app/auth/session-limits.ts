/** How long a session lasts without a request, and at most (shown to the browser for the idle warning). */
export const IDLE_TIMEOUT_MINUTES = 30;
export const ABSOLUTE_TIMEOUT_HOURS = 12;
