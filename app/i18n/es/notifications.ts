// Spanish interface text for notifications, e-mail, text messages and the outbox, keyed by the English text (see app/i18n/es.ts).
export const text: Record<string, string> = {
  // Kinds: labels (settings), titles (in-app, e-mail subject), bodies, audiences
  'New referral to your organisation': 'Nueva derivación a su organización',
  'You have a new referral at CareLoop': 'Tiene una nueva derivación en CareLoop',
  'A new referral to {{service}} is waiting in your inbox.': 'Una nueva derivación a {{service}} le espera en su bandeja.',
  'A referral you sent was accepted': 'Aceptaron una derivación que usted envió',
  'A referral was accepted': 'Se aceptó una derivación',
  '{{organization}} accepted a referral to {{service}}.': '{{organization}} aceptó una derivación a {{service}}.',
  'A referral you sent was declined': 'Rechazaron una derivación que usted envió',
  'A referral was declined': 'Se rechazó una derivación',
  '{{organization}} declined a referral to {{service}}. You can refer the patient elsewhere.':
    '{{organization}} rechazó una derivación a {{service}}. Puede derivar al paciente a otro servicio.',
  'A referral you sent is on hold': 'Una derivación que usted envió está en espera',
  'A referral is on hold': 'Una derivación está en espera',
  '{{organization}} put a referral to {{service}} on hold.': '{{organization}} puso en espera una derivación a {{service}}.',
  'Work started on a referral you sent': 'Comenzó el trabajo en una derivación que usted envió',
  'Work started on a referral': 'Comenzó el trabajo en una derivación',
  '{{organization}} started working on a referral to {{service}}.': '{{organization}} comenzó a trabajar en una derivación a {{service}}.',
  'A referral you sent was completed': 'Se completó una derivación que usted envió',
  'A referral was completed': 'Se completó una derivación',
  '{{organization}} completed a referral to {{service}}.': '{{organization}} completó una derivación a {{service}}.',
  'A referral you sent could not be completed': 'No se pudo completar una derivación que usted envió',
  'A referral could not be completed': 'No se pudo completar una derivación',
  '{{organization}} could not complete a referral to {{service}}.': '{{organization}} no pudo completar una derivación a {{service}}.',
  'A referral was cancelled': 'Se canceló una derivación',
  'A referral to {{service}} was cancelled by {{organization}}.': '{{organization}} canceló una derivación a {{service}}.',
  'A referral got no answer in time': 'Una derivación no recibió respuesta a tiempo',
  'A referral is overdue': 'Una derivación está atrasada',
  '{{organization}} has not answered a referral to {{service}} within its response window.':
    '{{organization}} no respondió a una derivación a {{service}} dentro de su plazo de respuesta.',
  'A referral has had no update for 14 days': 'Una derivación lleva 14 días sin cambios',
  'A referral to {{service}} at {{organization}} has not changed for 14 days.':
    'Una derivación a {{service}} en {{organization}} lleva 14 días sin cambios.',
  "A referral's consent expired": 'Venció el consentimiento de una derivación',
  "A referral's consent has expired": 'Venció el consentimiento de una derivación',
  'The consent for a referral to {{service}} has expired; the receiving organisation no longer sees the patient.':
    'Venció el consentimiento de una derivación a {{service}}; la organización receptora ya no ve los datos del paciente.',
  'A patient completed a screener you sent': 'Un paciente respondió un cuestionario que usted envió',
  'A patient completed a self-screening': 'Un paciente completó un autocuestionario',
  'A patient answered the screener you sent. The answers are waiting for your review.':
    'Un paciente respondió el cuestionario que usted envió. Las respuestas esperan su revisión.',
  'Your listings need checking': 'Sus servicios publicados necesitan revisión',
  'Some of your listings need checking': 'Algunos de sus servicios publicados necesitan revisión',
  '{{count}} of your organisation’s listings have not been confirmed for 180 days.':
    '{{count}} servicios publicados de su organización llevan 180 días sin confirmarse.',
  'Community organisation staff': 'Personal de organización comunitaria',
  'The referring worker': 'El trabajador que hizo la derivación',
  'Both sides of the referral': 'Ambas partes de la derivación',
  'The referring worker and case managers': 'El trabajador que hizo la derivación y los gestores de casos',
  'The worker who sent the link': 'El trabajador que envió el enlace',
  'Organisation admins': 'Administradores de la organización',

  // E-mail modes and e-mail words
  'E-mail at once': 'Correo electrónico de inmediato',
  'In a daily digest': 'En un resumen diario',
  'No e-mail': 'Sin correo electrónico',
  'Open it in CareLoop': 'Ábralo en CareLoop',
  'Open your notifications': 'Abra sus notificaciones',
  'You receive this because of your notification settings: {{url}}': 'Recibe esto por su configuración de notificaciones: {{url}}',
  'Your CareLoop updates: {{count}}': 'Sus novedades de CareLoop: {{count}}',

  // Messages to patients
  '{{organization}} asks you to answer a few questions about things like food, housing and transport, so that they can help.':
    '{{organization}} le pide que responda unas preguntas sobre temas como comida, vivienda y transporte, para poder ayudarle.',
  'The link works once, for {{hours}} hours.': 'El enlace funciona una sola vez, durante {{hours}} horas.',
  'Questions from {{organization}}': 'Preguntas de {{organization}}',
  'Answer the questions': 'Responder las preguntas',
  'If you did not expect this message, you can ignore it.': 'Si no esperaba este mensaje, puede ignorarlo.',

  // Header, notifications page, settings
  Notifications: 'Notificaciones',
  'Notifications, {{count}} unread': 'Notificaciones, {{count}} sin leer',
  'E-mail settings': 'Configuración del correo electrónico',
  'Mark all as read': 'Marcar todo como leído',
  New: 'Nuevo',
  'Nothing new. Referrals, answers and reminders that need you will show here.':
    'Nada nuevo. Aquí aparecerán las derivaciones, respuestas y recordatorios que requieran su atención.',
  'Everything also appears in your notifications in CareLoop. E-mails never contain patient details; they link to CareLoop, where you sign in to see them.':
    'Todo aparece también en sus notificaciones de CareLoop. Los correos nunca contienen datos de pacientes; enlazan a CareLoop, donde usted inicia sesión para verlos.',
  'Language of your e-mails': 'Idioma de sus correos',
  'Save settings': 'Guardar la configuración',
  'Your e-mail settings are saved.': 'Se guardó su configuración de correo electrónico.',
  'Choose the language of your e-mails.': 'Elija el idioma de sus correos.',
  'Choose how to receive this by e-mail.': 'Elija cómo recibir esto por correo electrónico.',
  'Check the form.': 'Revise el formulario.',

  // Patient contact
  'Agrees to text messages from us': 'Acepta recibir mensajes de texto de nosotros',
  'Agrees to e-mail from us': 'Acepta recibir correos electrónicos de nosotros',
  'Enter a phone number for text messages.': 'Escriba un número de teléfono para los mensajes de texto.',
  'Enter an e-mail address for e-mail.': 'Escriba una dirección de correo electrónico.',
  'The patient has no phone number on file.': 'El paciente no tiene un número de teléfono registrado.',
  'The patient has not agreed to text messages.': 'El paciente no aceptó recibir mensajes de texto.',
  'The patient replied STOP to our text messages.': 'El paciente respondió STOP a nuestros mensajes de texto.',
  'The patient has no e-mail address on file.': 'El paciente no tiene un correo electrónico registrado.',
  'The patient has not agreed to e-mail.': 'El paciente no aceptó recibir correos electrónicos.',

  // Self-screening link delivery
  'How the patient gets the link': 'Cómo recibe el enlace el paciente',
  'Choose how the patient gets the link.': 'Elija cómo recibe el enlace el paciente.',
  'Show it here (QR code and link)': 'Mostrarlo aquí (código QR y enlace)',
  'Send it by text message': 'Enviarlo por mensaje de texto',
  'Send it by e-mail': 'Enviarlo por correo electrónico',
  'The link is on its way to the patient by text message.': 'El enlace va en camino al paciente por mensaje de texto.',
  'The link is on its way to the patient by e-mail.': 'El enlace va en camino al paciente por correo electrónico.',

  // Outbox (platform admin)
  Outbox: 'Bandeja de salida',
  'No mail server or text-message provider is configured: messages are kept in the local outbox folder and shown here instead of being sent.':
    'No hay servidor de correo ni proveedor de mensajes de texto configurado: los mensajes se guardan en la carpeta local de salida y se muestran aquí en lugar de enviarse.',
  'No mail server is configured (SMTP_URL): e-mails are kept in the local outbox folder and shown here instead of being sent.':
    'No hay servidor de correo configurado (SMTP_URL): los correos se guardan en la carpeta local de salida y se muestran aquí en lugar de enviarse.',
  'No text-message provider is configured: text messages are kept in the local outbox folder and shown here instead of being sent.':
    'No hay proveedor de mensajes de texto configurado: los mensajes se guardan en la carpeta local de salida y se muestran aquí en lugar de enviarse.',
  'Job queue': 'Cola de tareas',
  'jobs waiting': 'tareas en espera',
  'seconds the oldest has waited': 'segundos de espera de la más antigua',
  'jobs failed for good': 'tareas fallidas sin más intentos',
  Messages: 'Mensajes',
  'No messages yet.': 'Todavía no hay mensajes.',
  Waiting: 'En espera',
  'Not sent (not allowed)': 'No enviado (no permitido)',
  'Text message': 'Mensaje de texto',
  '{{count}} attempts': '{{count}} intentos',
  'Read the message': 'Leer el mensaje',
  'Send again': 'Enviar de nuevo',
  'Jobs that failed for good': 'Tareas fallidas sin más intentos',
  'None. Failed jobs are retried with growing pauses; one that keeps failing stops here for you to look at.':
    'Ninguna. Las tareas fallidas se reintentan con pausas cada vez más largas; la que sigue fallando se detiene aquí para que usted la revise.',
  'Try again': 'Intentar de nuevo',
  Remove: 'Quitar',
  To: 'Para',
  'That action is not possible.': 'Esa acción no es posible.',
  'It has changed in the meantime; the page shows the latest.': 'Cambió mientras tanto; la página muestra lo más reciente.',
  'It is back in the queue and will be tried again shortly.': 'Volvió a la cola y se intentará de nuevo en breve.',
  'The job was removed.': 'Se quitó la tarea.',
};
