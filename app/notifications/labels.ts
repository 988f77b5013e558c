// Words the notification screens look up by value (translated where they are shown).
export const DELIVERY_STATUS_LABELS = { pending: 'Waiting', sent: 'Sent', failed: 'Failed', suppressed: 'Not sent (not allowed)' } as const;
export const CHANNEL_LABELS = { email: 'E-mail', sms: 'Text message' } as const;
/** How a self-screening link reaches the patient. */
export const LINK_DELIVERY_LABELS = { show: 'Show it here (QR code and link)', sms: 'Send it by text message', email: 'Send it by e-mail' } as const;
