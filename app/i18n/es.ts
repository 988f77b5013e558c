import { REFERRAL_STATUSES, STATUS_LABELS, checkTransition } from '../referrals/lifecycle.js';
import { text as accounts } from './es/accounts.js';
import { text as directory } from './es/directory.js';
import { text as matching } from './es/matching.js';
import { text as notifications } from './es/notifications.js';
import { text as referralWorkflow } from './es/referral-workflow.js';
import { text as reports } from './es/reports.js';
import { text as screeningContent } from './es/screening-content.js';

// Spanish for CareLoop's own interface text, keyed by the English text. Instrument wording is
// clinical content and never comes from here (see app/screening: official translations only).
// US Spanish, "usted" throughout; a referral is "la derivación", so status words are feminine.
const interfaceText: Record<string, string> = {
  // Layout and errors (root)
  'Skip to content': 'Saltar al contenido',
  'Sign out': 'Cerrar sesión',
  Patients: 'Pacientes',
  Caseload: 'Casos',
  'Referral inbox': 'Bandeja de derivaciones',
  Platform: 'Plataforma',
  Main: 'Principal',
  Language: 'Idioma',
  'Not found': 'No encontrado',
  'Something went wrong': 'Algo salió mal',
  'Something in the request was not right': 'Algo en la solicitud no era correcto',
  'Not allowed': 'No permitido',
  'That change is not possible': 'Ese cambio no es posible',
  'We could not find that page.': 'No encontramos esa página.',
  'Go to your home page': 'Ir a su página de inicio',
  'The error has been logged. Try again, and tell your administrator if it keeps happening.':
    'El error quedó registrado. Inténtelo de nuevo y avise a su administrador si vuelve a ocurrir.',

  // Roles (ROLE_LABELS)
  'Social worker': 'Trabajador/a social',
  'Case manager': 'Gestor/a de casos',
  'Community organisation staff': 'Personal de organización comunitaria',
  'Organisation admin': 'Administrador/a de la organización',
  'Platform admin': 'Administrador/a de la plataforma',

  // Sign-in
  'Sign in to CareLoop': 'Iniciar sesión en CareLoop',
  'E-mail': 'Correo electrónico',
  Password: 'Contraseña',
  'Sign in': 'Iniciar sesión',

  // Patient list
  'Register a patient': 'Registrar a un paciente',
  'Find a patient': 'Buscar a un paciente',
  'Name, MRN, date of birth or phone': 'Nombre, MRN, fecha de nacimiento o teléfono',
  Search: 'Buscar',
  '1 patient matches “{{query}}”.': '1 paciente coincide con “{{query}}”.',
  '{{count}} patients match “{{query}}”.': '{{count}} pacientes coinciden con “{{query}}”.',
  'No patient matches. Check the spelling, or register the patient.':
    'Ningún paciente coincide. Revise la ortografía o registre al paciente.',
  'No patients yet. Register a patient to start a screening.':
    'Todavía no hay pacientes. Registre a un paciente para comenzar una evaluación.',
  'Patients of your organisation': 'Pacientes de su organización',
  Name: 'Nombre',
  'Date of birth': 'Fecha de nacimiento',
  ZIP: 'Código postal',
  'Open needs': 'Necesidades abiertas',
  'Active referrals': 'Derivaciones activas',

  // Patient form (registration and editing)
  'First name': 'Nombre',
  'Last name': 'Apellido',
  'YYYY-MM-DD': 'AAAA-MM-DD',
  'MRN (optional)': 'MRN (opcional)',
  'Medical record number': 'Número de expediente médico',
  'Preferred language': 'Idioma preferido',
  Contact: 'Contacto',
  'How the patient wants to be contacted': 'Forma de contacto que prefiere el paciente',
  Phone: 'Teléfono',
  'US number, e.g. 415-555-0100': 'Número de EE. UU., p. ej., 415-555-0100',
  'Street address (optional)': 'Dirección (opcional)',
  'City (optional)': 'Ciudad (opcional)',
  'State (optional)': 'Estado (opcional)',
  'ZIP code': 'Código postal',
  'Used to find services near the patient.': 'Se usa para buscar servicios cerca del paciente.',
  'This patient may already be registered.': 'Es posible que este paciente ya esté registrado.',
  'Same name and date of birth:': 'Mismo nombre y fecha de nacimiento:',
  '{{name}}, born {{birthDate}}': '{{name}}, fecha de nacimiento {{birthDate}}',
  '{{name}}, born {{birthDate}}, MRN {{mrn}}': '{{name}}, fecha de nacimiento {{birthDate}}, MRN {{mrn}}',
  'Open the existing record, or register a new patient anyway if this is a different person.':
    'Abra el expediente existente o, si se trata de otra persona, registre de todos modos a un paciente nuevo.',
  'Register as a new patient': 'Registrar como paciente nuevo',
  'Register patient': 'Registrar paciente',
  'Back to the patient': 'Volver al paciente',
  'Edit patient': 'Editar paciente',
  'Save changes': 'Guardar cambios',

  // Contact preferences (CONTACT_PREFERENCES)
  'Phone call': 'Llamada telefónica',
  'Text message': 'Mensaje de texto',
  Letter: 'Carta',
  'Do not contact': 'No contactar',

  // Languages (LANGUAGES), as they appear in lists
  English: 'Inglés',
  Spanish: 'Español',
  Chinese: 'Chino',
  Vietnamese: 'Vietnamita',
  Tagalog: 'Tagalo',
  Russian: 'Ruso',
  Korean: 'Coreano',
  Arabic: 'Árabe',
  French: 'Francés',
  'Haitian Creole': 'Criollo haitiano',
  Portuguese: 'Portugués',
  Hindi: 'Hindi',
  Japanese: 'Japonés',
  Persian: 'Persa',
  Somali: 'Somalí',
  Amharic: 'Amárico',
  Ukrainian: 'Ucraniano',
  Polish: 'Polaco',

  // SDOH categories (SDOH_CATEGORIES)
  'SDOH Category Unspecified': 'Categoría de determinantes sociales no especificada',
  'Food Insecurity': 'Inseguridad alimentaria',
  'Housing Instability': 'Inestabilidad de vivienda',
  Homelessness: 'Falta de vivienda',
  'Inadequate Housing': 'Vivienda inadecuada',
  'Transportation Insecurity': 'Inseguridad de transporte',
  'Financial Insecurity': 'Inseguridad económica',
  'Material Hardship': 'Carencias materiales',
  'Educational Attainment': 'Nivel educativo',
  'Employment Status': 'Situación laboral',
  'Veteran Status': 'Condición de veterano',
  Stress: 'Estrés',
  'Social Connection': 'Conexión social',
  'Intimate Partner Violence': 'Violencia de pareja',
  'Elder Abuse': 'Maltrato a personas mayores',
  'Personal Health Literacy': 'Alfabetización en salud personal',
  'Health Insurance Coverage Status': 'Cobertura de seguro médico',
  'Medical Cost Burden': 'Carga de gastos médicos',
  'Digital Literacy': 'Alfabetización digital',
  'Digital Access': 'Acceso digital',
  'Utility Insecurity': 'Inseguridad en servicios básicos',
  'Incarceration Status': 'Situación de encarcelamiento',
  'Language Access': 'Acceso lingüístico',
  'Protective Factor': 'Factor de protección',

  // Finding services for a need
  'Services for {{need}}': 'Servicios para {{need}}',
  'Nearest first from ZIP {{zip}}. {{total}} matching services.':
    'Primero los más cercanos al código postal {{zip}}. {{total}} servicios coinciden.',
  Filter: 'Filtrar',
  'Offered in {{language}}': 'Se ofrece en este idioma: {{language}}',
  'Only organisations that receive referrals in CareLoop': 'Solo organizaciones que reciben derivaciones en CareLoop',
  'Apply filters': 'Aplicar filtros',
  'No services match. Try removing a filter.': 'Ningún servicio coincide. Intente quitar un filtro.',
  'Matching services': 'Servicios que coinciden',
  'Distance unknown': 'Distancia desconocida',
  '{{distance}} mi away': 'A {{distance}} mi',
  'Matches: {{terms}}': 'Coincidencias: {{terms}}',
  'Refer to this service': 'Derivar a este servicio',
  'Not on CareLoop: give the patient the contact details.': 'No está en CareLoop: dé al paciente los datos de contacto.',
  Pages: 'Páginas',
  Previous: 'Anterior',
  'Page {{page}} of {{pageCount}}': 'Página {{page}} de {{pageCount}}',
  Next: 'Siguiente',

  // Sending a referral
  'Send a referral': 'Enviar una derivación',
  'For {{patient}} · {{need}}': 'Para {{patient}} · {{need}}',
  "{{organization}} does not receive referrals through CareLoop yet. Give the patient the service's contact details instead.":
    '{{organization}} todavía no recibe derivaciones por CareLoop. En su lugar, dé al paciente los datos de contacto del servicio.',
  'This need is no longer open.': 'Esta necesidad ya no está abierta.',
  'What the patient agreed to share with {{organization}}': 'Qué aceptó compartir el paciente con {{organization}}',
  'How consent was given': 'Cómo se dio el consentimiento',
  'Consent ends on': 'El consentimiento vence el',
  'YYYY-MM-DD; at most one year from today.': 'AAAA-MM-DD; como máximo un año a partir de hoy.',
  'Note for the organisation (optional)': 'Nota para la organización (opcional)',
  'No more than they need to help.': 'Solo lo que necesiten para ayudar.',
  'The patient consents to this referral and to sharing the items above':
    'El paciente da su consentimiento para esta derivación y para compartir los datos indicados arriba',
  'Send referral': 'Enviar derivación',

  // Shared items (SHARED_ITEMS) and consent methods (CONSENT_METHODS)
  'Name and date of birth': 'Nombre y fecha de nacimiento',
  'The need being referred': 'La necesidad que motiva la derivación',
  Verbal: 'Verbal',
  'Written (signed form)': 'Por escrito (formulario firmado)',
  Electronic: 'Electrónico',

  // A referral
  Patient: 'Paciente',
  'Not shared': 'No compartido',
  Need: 'Necesidad',
  From: 'De',
  To: 'Para',
  Sent: 'Enviada',
  Reason: 'Motivo',
  Outcome: 'Resultado',
  Consent: 'Consentimiento',
  'verbal consent to share {{items}}, until {{date}}': 'Consentimiento verbal para compartir {{items}}, hasta el {{date}}',
  'written consent to share {{items}}, until {{date}}': 'Consentimiento por escrito para compartir {{items}}, hasta el {{date}}',
  'electronic consent to share {{items}}, until {{date}}': 'Consentimiento electrónico para compartir {{items}}, hasta el {{date}}',
  '{{method}} consent to share {{items}}, until {{date}}': 'Consentimiento ({{method}}) para compartir {{items}}, hasta el {{date}}',
  Timeline: 'Historial',
  'Referral sent': 'Derivación enviada',
  'Reason: {{reason}}': 'Motivo: {{reason}}',
  'Outcome: {{outcome}}': 'Resultado: {{outcome}}',
  'Note: {{note}}': 'Nota: {{note}}',
  'Saved. The referral is now {{status}}.': 'Guardado. La derivación ahora está {{status}}.',
  'Update this referral': 'Actualizar esta derivación',
  'Choose the outcome': 'Elija el resultado',
  'Reason ({{status}})': 'Motivo ({{status}})',
  'Note (optional)': 'Nota (opcional)',

  // Referral statuses (STATUS_LABELS)
  Draft: 'Borrador',
  Requested: 'Solicitada',
  Accepted: 'Aceptada',
  Declined: 'Rechazada',
  'In progress': 'En curso',
  'On hold': 'En espera',
  Completed: 'Completada',
  Failed: 'Fallida',
  Cancelled: 'Cancelada',
  'Entered in error': 'Registrada por error',

  // Next steps on a referral (ACTION_LABELS)
  Send: 'Enviar',
  Accept: 'Aceptar',
  Decline: 'Rechazar',
  'Start work': 'Comenzar el trabajo',
  'Put on hold': 'Poner en espera',
  Complete: 'Completar',
  'Mark as failed': 'Marcar como fallida',
  'Cancel referral': 'Cancelar derivación',

  // Outcomes (OUTCOMES)
  'Service delivered — the patient got help': 'Servicio prestado — el paciente recibió ayuda',
  "Couldn't contact the patient": 'No se pudo contactar al paciente',
  'Not eligible': 'No cumple los requisitos',
  'No capacity': 'Sin capacidad disponible',
  'No longer interested': 'Ya no le interesa',
  'Referred elsewhere': 'Derivado a otro servicio',

  // Referral lists
  Service: 'Servicio',
  Status: 'Estado',
  'Last change': 'Último cambio',
  'Name not shared': 'Nombre no compartido',
  Overdue: 'Atrasada',
  'Referrals sent to {{organization}}.': 'Derivaciones enviadas a {{organization}}.',
  '1 referral is waiting for an answer.': '1 derivación está esperando respuesta.',
  '{{count}} referrals are waiting for an answer.': '{{count}} derivaciones están esperando respuesta.',
  'No referrals yet.': 'Todavía no hay derivaciones.',
  'Referrals to your organisation': 'Derivaciones a su organización',
  Summary: 'Resumen',
  open: 'abiertas',
  overdue: 'atrasadas',
  closed: 'cerradas',
  'Open referrals': 'Derivaciones abiertas',
  'No open referrals.': 'No hay derivaciones abiertas.',
  'Sent to': 'Enviada a',
  'Closed referrals': 'Derivaciones cerradas',
  'No closed referrals yet.': 'Todavía no hay derivaciones cerradas.',

  // Platform administration
  Referring: 'Remitente',
  'Community organisation': 'Organización comunitaria',
  'The resource directory holds {{services}} services.': 'El directorio de recursos contiene {{services}} servicios.',
  Organisations: 'Organizaciones',
  Kind: 'Tipo',
  Users: 'Usuarios',

  // Messages from the server: sign-in and forms
  'Enter your e-mail address.': 'Ingrese su correo electrónico.',
  'Enter a valid e-mail address.': 'Ingrese un correo electrónico válido.',
  'Enter your password.': 'Ingrese su contraseña.',
  'That password is too long.': 'Esa contraseña es demasiado larga.',
  'That e-mail and password do not match an account.':
    'Ese correo electrónico y esa contraseña no corresponden a ninguna cuenta.',
  'Too many sign-in attempts. Wait 15 minutes and try again.':
    'Demasiados intentos de inicio de sesión. Espere 15 minutos e inténtelo de nuevo.',
  'This form has expired or came from another site. Reload the page and try again.':
    'Este formulario venció o provino de otro sitio. Vuelva a cargar la página e inténtelo de nuevo.',
  'Reload the page and try again.': 'Vuelva a cargar la página e inténtelo de nuevo.',

  // Messages from the server: patients
  "Enter the patient's first name.": 'Ingrese el nombre del paciente.',
  "Enter the patient's last name.": 'Ingrese el apellido del paciente.',
  'The first name can be at most 100 characters.': 'El nombre puede tener como máximo 100 caracteres.',
  'The last name can be at most 100 characters.': 'El apellido puede tener como máximo 100 caracteres.',
  'Enter the date of birth.': 'Ingrese la fecha de nacimiento.',
  'Enter the date of birth as YYYY-MM-DD.': 'Ingrese la fecha de nacimiento con el formato AAAA-MM-DD.',
  'That date does not exist.': 'Esa fecha no existe.',
  'Enter a date of birth after 1900.': 'Ingrese una fecha de nacimiento posterior a 1900.',
  'The date of birth cannot be in the future.': 'La fecha de nacimiento no puede ser una fecha futura.',
  'The MRN can be at most 30 characters.': 'El MRN puede tener como máximo 30 caracteres.',
  'The MRN may contain only letters, digits and hyphens.': 'El MRN solo puede contener letras, números y guiones.',
  'Enter a 10-digit US phone number.': 'Ingrese un número de teléfono de EE. UU. de 10 dígitos.',
  'Keep the street address under 200 characters.': 'La dirección debe tener menos de 200 caracteres.',
  'Keep the city under 100 characters.': 'La ciudad debe tener menos de 100 caracteres.',
  'Choose a state from the list.': 'Elija un estado de la lista.',
  'Enter the ZIP code.': 'Ingrese el código postal.',
  'Enter a 5-digit US ZIP code.': 'Ingrese un código postal de EE. UU. de 5 dígitos.',
  'Choose a language from the list.': 'Elija un idioma de la lista.',
  'Choose how the patient wants to be contacted.': 'Elija la forma de contacto que prefiere el paciente.',
  'Enter a phone number to contact the patient by phone or text.':
    'Ingrese un número de teléfono para comunicarse con el paciente por llamada o mensaje de texto.',
  'Enter an e-mail address to contact the patient by e-mail.':
    'Ingrese un correo electrónico para comunicarse con el paciente por correo electrónico.',
  'Enter a street address to contact the patient by letter.':
    'Ingrese una dirección para comunicarse con el paciente por carta.',
  'Keep the search under 100 characters.': 'La búsqueda debe tener menos de 100 caracteres.',
  'Another patient of your organisation has this MRN.': 'Otro paciente de su organización ya tiene este MRN.',
  'Someone else changed this patient while you were editing. The form now shows their changes; make yours again.':
    'Otra persona modificó los datos de este paciente mientras usted los editaba. El formulario ahora muestra esos cambios; vuelva a hacer los suyos.',
  'This patient could not be saved.': 'No se pudieron guardar los datos de este paciente.',
  'We do not know that ZIP code. Check it and try again.': 'No reconocemos ese código postal. Revíselo e inténtelo de nuevo.',

  // Messages from the server: referrals
  'Choose the need this referral is for.': 'Elija la necesidad a la que corresponde esta derivación.',
  'Choose a service.': 'Elija un servicio.',
  'Confirm that the patient consented to this referral.': 'Confirme que el paciente dio su consentimiento para esta derivación.',
  'Choose how consent was given.': 'Elija cómo se dio el consentimiento.',
  'Choose what the patient agreed to share.': 'Elija qué aceptó compartir el paciente.',
  'The organisation needs at least the name and date of birth to help the patient.':
    'La organización necesita al menos el nombre y la fecha de nacimiento para ayudar al paciente.',
  'Enter the date consent ends as YYYY-MM-DD.': 'Ingrese la fecha en que vence el consentimiento con el formato AAAA-MM-DD.',
  'Consent must last until today or later.': 'El consentimiento debe durar al menos hasta hoy.',
  'Consent can last at most one year.': 'El consentimiento puede durar como máximo un año.',
  'Keep the note under 1,000 characters.': 'La nota debe tener menos de 1,000 caracteres.',
  'Choose a valid status.': 'Elija un estado válido.',
  'Keep the reason under 500 characters.': 'El motivo debe tener menos de 500 caracteres.',
  'Give a reason for this change.': 'Indique el motivo de este cambio.',
  'Choose the outcome of the referral.': 'Elija el resultado de la derivación.',
  'That service is not in the directory.': 'Ese servicio no está en el directorio.',
  'Someone else changed this referral while you were looking at it. The page now shows the latest; check it and try again.':
    'Otra persona modificó esta derivación mientras usted la consultaba. La página ahora muestra la versión más reciente; revísela e inténtelo de nuevo.',

  // Patient page, needs and screening screens (written by others; keys as of this catalogue)
  'Edit details': 'Editar datos',
  'Send a self-screening link': 'Enviar un enlace de autoevaluación',
  'Start a screening': 'Comenzar una evaluación',
  'Do not contact.': 'No contactar.',
  'The patient asked not to be contacted.': 'El paciente pidió no recibir contacto.',
  MRN: 'MRN',
  Address: 'Dirección',
  Needs: 'Necesidades',
  'Add a need by hand': 'Agregar una necesidad manualmente',
  'No open needs.': 'No hay necesidades abiertas.',
  'Find services': 'Buscar servicios',
  Review: 'Revisar',
  'Nothing yet. Start a screening to find the patient’s needs.':
    'Todavía no hay nada. Comience una evaluación para identificar las necesidades del paciente.',
  '— draft, not submitted': '— borrador, sin enviar',
  '— positive domains: {{positive}}': '— dominios positivos: {{positive}}',
  'completed by the patient': 'completada por el paciente',
  'added by hand': 'agregada manualmente',
  Referral: 'Derivación',
  'Add a need': 'Agregar una necesidad',
  'For a need the patient raises outside a screening, e.g. help with Medicaid renewal paperwork.':
    'Para una necesidad que el paciente plantea fuera de una evaluación, p. ej., ayuda con los trámites de renovación de Medicaid.',
  'Kind of need': 'Tipo de necesidad',
  'Choose…': 'Elija…',
  'Add need': 'Agregar necesidad',
  'Draft — not scored yet. Finish the questions and submit to score it.':
    'Borrador — todavía sin puntuar. Termine las preguntas y envíela para obtener la puntuación.',
  'Not asked': 'No se preguntó',
  'No answer': 'Sin respuesta',
  results: 'resultados',
  'Export as FHIR': 'Exportar como FHIR',
  'Completed by the patient': 'Completada por el paciente',
  'Administered by {{name}}': 'Realizada por {{name}}',
  'Proposed needs': 'Necesidades propuestas',
  'This screening proposed no new needs.': 'Esta evaluación no propuso necesidades nuevas.',
  'Suggested ICD-10-CM: {{code}}': 'ICD-10-CM sugerido: {{code}}',
  'Confirm need': 'Confirmar necesidad',
  Dismiss: 'Descartar',
  'Confirmed.': 'Confirmada.',
  'Dismissed.': 'Descartada.',
  'Addressed.': 'Atendida.',
  'What changed since {{date}}': 'Qué cambió desde el {{date}}',
  'No domain result changed.': 'No cambió el resultado de ningún dominio.',
  Domains: 'Dominios',
  Domain: 'Dominio',
  Result: 'Resultado',
  Answers: 'Respuestas',
  'Score: {{score}}': 'Puntuación: {{score}}',
  'Read each question to the patient and record the answer. Record a question the patient does not want to answer as declined.':
    'Lea cada pregunta al paciente y registre la respuesta. Si el paciente no desea responder una pregunta, regístrela como rechazada.',
  'Choose a screener': 'Elija un cuestionario de evaluación',
  '{{count}} questions': '{{count}} preguntas',
  'Start {{title}}': 'Comenzar {{title}}',
  'Some questions are shown in English: there is no official Spanish version of this screener yet.':
    'Algunas preguntas se muestran en inglés: todavía no existe una versión oficial en español de este cuestionario.',
  'Some answers need attention:': 'Algunas respuestas necesitan atención:',
  '{{answered}} of {{total}} questions answered': '{{answered}} de {{total}} preguntas respondidas',
  'Core questions': 'Preguntas principales',
  'Supplemental questions': 'Preguntas complementarias',
  'Save draft': 'Guardar borrador',
  'Question {{number}} of {{total}}': 'Pregunta {{number}} de {{total}}',
  'Choose all that apply.': 'Elija todas las opciones que correspondan.',
  Answer: 'Respuesta',
  Number: 'Número',
  'Declined to answer': 'Prefirió no responder',
  'Self-screening link': 'Enlace de autoevaluación',
  'Language of the screener': 'Idioma del cuestionario',
  'The patient answers the screener on their own phone, without an account. The link works once and expires after {{hours}} hours; the answers arrive here for you to review.':
    'El paciente responde el cuestionario en su propio teléfono, sin necesidad de una cuenta. El enlace funciona una sola vez y vence a las {{hours}} horas; las respuestas llegan aquí para que usted las revise.',
  Screener: 'Cuestionario',
  'Create link': 'Crear enlace',
  'Create another link': 'Crear otro enlace',
  'Show this to the patient': 'Muéstrele esto al paciente',
  'QR code that opens the self-screening link': 'Código QR que abre el enlace de autoevaluación',
  'Or send this link': 'O envíe este enlace',
  'Valid until {{date}}. It is shown only now.': 'Válido hasta el {{date}}. Solo se muestra ahora.',
  'Questions from your care team': 'Preguntas de su equipo de atención',
  '{{title}}: these questions help your care team connect you with help such as food, housing or transportation. Answer what you are comfortable with; you can decline any question.':
    '{{title}}: estas preguntas ayudan a su equipo de atención a ponerlo en contacto con ayuda como alimentos, vivienda o transporte. Responda lo que le resulte cómodo; puede no responder cualquier pregunta.',
  'Thank you': 'Gracias',
  'Your answers were sent to your care team. You can close this page.':
    'Sus respuestas se enviaron a su equipo de atención. Puede cerrar esta página.',
  'This link cannot be used': 'Este enlace no se puede usar',
  'Links to answer questions from your care team work once and only for a few days. Ask your care team for a new link.':
    'Los enlaces para responder preguntas de su equipo de atención funcionan una sola vez y solo durante unos días. Pida un enlace nuevo a su equipo de atención.',
  'The answered items add up to {{score}} so far; the score counts only when every item is answered.':
    'Las preguntas respondidas suman {{score}} hasta ahora; la puntuación solo cuenta cuando se responden todas.',
  'No verified scoring rule: review the answers with the patient.':
    'No hay una regla de puntuación verificada: revise las respuestas con el paciente.',
  'Self-screenings to review': 'Autoevaluaciones por revisar',
  'Mark as reviewed': 'Marcar como revisada',
  'The patient completed this screener on their own. Review the answers, confirm or dismiss each proposed need, or mark it reviewed.':
    'El paciente completó este cuestionario por su cuenta. Revise las respuestas, confirme o descarte cada necesidad propuesta, o márquelo como revisado.',
  'Submit and score': 'Enviar y calcular resultado',
  'Send my answers': 'Enviar mis respuestas',
  Positive: 'Positivo',
  Negative: 'Negativo',
  Incomplete: 'Incompleto',
  'Needs review': 'Requiere revisión',
  'Proposed — to review': 'Propuesta: por revisar',
  Open: 'Abierta',
  Addressed: 'Atendida',
  Dismissed: 'Descartada',
  'Change language': 'Cambiar idioma',
  'Choose a language.': 'Elija un idioma.',
  'Choose a screener.': 'Elija un cuestionario.',
  'Choose an answer or "Declined to answer", not both.': 'Elija una respuesta o «Prefirió no responder», no ambas.',
  'Choose only one answer.': 'Elija una sola respuesta.',
  'Choose the kind of need.': 'Elija el tipo de necesidad.',
  'Keep the note under 500 characters.': 'La nota debe tener menos de 500 caracteres.',
  'No answer selected: choose an answer, or record why there is none.':
    'No hay respuesta: elija una respuesta o indique por qué no la hay.',
  'Some answers need attention.': 'Algunas respuestas necesitan atención.',
  'Someone else saved this draft while you were working on it. Reload it to see their answers, then add yours.':
    'Otra persona guardó este borrador mientras usted trabajaba en él. Vuelva a cargarlo para ver sus respuestas y luego agregue las suyas.',
  'The answer is too long (at most 1000 characters).': 'La respuesta es demasiado larga (máximo 1000 caracteres).',
  'The patient already has this need open.': 'El paciente ya tiene abierta esta necesidad.',
  'The same answer is selected twice.': 'La misma respuesta está seleccionada dos veces.',
  'This need was already decided.': 'Ya se tomó una decisión sobre esta necesidad.',
  'This question is not asked given the other answers; leave it unanswered.':
    'Esta pregunta no corresponde según las otras respuestas; déjela sin responder.',
  'This screening was already submitted.': 'Este cuestionario ya se envió.',
  'Expected a list of answer codes.': 'Se esperaba una lista de códigos de respuesta.',
  'Expected a number of zero or more.': 'Escriba un número igual o mayor que cero.',
  'Expected a number.': 'Escriba un número.',
  'Expected a whole number.': 'Escriba un número entero.',
  'Expected one answer code.': 'Se esperaba un código de respuesta.',
  'Expected text.': 'Se esperaba texto.',
  'An item without an answer must say why: { absent: "asked-declined" } or { absent: "not-asked" }.':
    'Una pregunta sin respuesta debe indicar el motivo: { absent: "asked-declined" } o { absent: "not-asked" }.',
  'Answers must be an object keyed by item LOINC code.': 'Las respuestas deben ser un objeto con el código LOINC de cada pregunta como clave.',
};

/**
 * checkTransition words its refusals from STATUS_LABELS; these are the same sentences in Spanish,
 * keyed by the exact English it produces, for every pair of statuses and both sides.
 */
function transitionMessages(): Record<string, string> {
  const status = (value: (typeof REFERRAL_STATUSES)[number]) => `“${interfaceText[STATUS_LABELS[value]]}”`;
  const entries: Record<string, string> = {};
  for (const from of REFERRAL_STATUSES)
    for (const to of REFERRAL_STATUSES)
      for (const side of ['referring', 'receiving'] as const) {
        const check = checkTransition({ from, to, side, reasonCode: 'other' });
        if (check.ok) continue;
        if (check.problem === 'illegal') {
          entries[check.message] = `Una derivación en estado ${status(from)} no puede pasar a ${status(to)}.`;
        } else if (check.problem === 'not-your-side') {
          const who = side === 'referring' ? 'la organización receptora' : 'la organización que hizo la derivación';
          entries[check.message] = `Solo ${who} puede marcar una derivación como ${status(to)}.`;
        }
      }
  return entries;
}

/** Each area's catalogue (app/i18n/es/), kept apart so that areas grow without touching each other. */
export const CATALOGUES: Record<string, Record<string, string>> = {
  interface: interfaceText,
  transitions: transitionMessages(),
  accounts,
  directory,
  matching,
  notifications,
  referralWorkflow,
  reports,
  screeningContent,
};

export const es: Record<string, string> = Object.assign({}, ...Object.values(CATALOGUES));
