// Spanish interface text for screening-content, keyed by the English text (see app/i18n/es.ts).
export const text: Record<string, string> = {
  // Results: flagged items, age, language access, safety
  'Possible need': 'Posible necesidad',
  'From the answers to:': 'Según las respuestas a:',
  '{{minutes}} minutes of exercise a week': '{{minutes}} minutos de ejercicio por semana',
  'Recorded for language access; no referral is proposed.': 'Se registra para el acceso lingüístico; no se propone ninguna derivación.',
  'Depends on the patient’s age, which is unknown: add the date of birth to score it.':
    'Depende de la edad del paciente, que se desconoce: agregue la fecha de nacimiento para calcularlo.',
  'Does not apply at the patient’s age.': 'No corresponde a la edad del paciente.',
  'Safety concern': 'Posible riesgo para la seguridad',
  'The answers suggest the patient may not be safe. Talk with the patient in private before anything else, follow your safety protocol, and keep this need out of anything the patient takes home or receives by text message.':
    'Las respuestas indican que el paciente podría no estar seguro. Antes que nada, hable con el paciente en privado, siga su protocolo de seguridad y no incluya esta necesidad en nada que el paciente se lleve a casa o reciba por mensaje de texto.',
  'A screening suggests the patient may not be safe. Talk with the patient in private, and keep safety needs out of handouts and text messages.':
    'Una evaluación indica que el paciente podría no estar seguro. Hable con el paciente en privado y no incluya las necesidades de seguridad en folletos ni mensajes de texto.',
  'through an interpreter': 'con intérprete',

  // Adding a need from an answered item
  'Answered items and their SDOH categories': 'Preguntas respondidas y sus categorías de DSS',
  'Answered items': 'Preguntas respondidas',
  'No published scoring rule covers these answers. Review them with the patient and add a need from an item where there is one.':
    'Ninguna regla de puntuación publicada cubre estas respuestas. Revíselas con el paciente y agregue una necesidad a partir de una pregunta cuando corresponda.',
  'No specific SDOH category': 'Sin categoría de DSS específica',
  'Add need: {{category}}': 'Agregar necesidad: {{category}}',
  'Add need: {{category}} ({{code}})': 'Agregar necesidad: {{category}} ({{code}})',
  'The patient has this need open.': 'El paciente ya tiene esta necesidad abierta.',
  'A need can be added only from an answered question that has an SDOH category.':
    'Solo se puede agregar una necesidad a partir de una pregunta respondida que tenga una categoría de DSS.',

  // Submitting with no answers
  'No question has an answer. Submit the screening with no answers at all?': 'Ninguna pregunta tiene respuesta. ¿Desea enviar la evaluación sin ninguna respuesta?',
  'Submit with no answers': 'Enviar sin respuestas',

  // No official translation loaded
  'No official Spanish version of {{title}} is loaded': 'No hay una versión oficial en español de {{title}} cargada',
  'The questions and answers would be shown in English; only the buttons and instructions are in Spanish. CareLoop never machine-translates a screener.':
    'Las preguntas y respuestas se mostrarían en inglés; solo los botones y las instrucciones están en español. CareLoop nunca traduce un cuestionario de forma automática.',
  'Continue with the English questions': 'Continuar con las preguntas en inglés',
  'Continue: send the link with English questions': 'Continuar: enviar el enlace con las preguntas en inglés',
  'Use an interpreter': 'Usar un intérprete',
  'Choose another screener': 'Elegir otro cuestionario',
  'Official Spanish is loaded for: {{titles}}.': 'Hay versión oficial en español para: {{titles}}.',
  'No screener has an official Spanish version loaded yet. A platform admin can load one the organisation is licensed to use.':
    'Todavía no hay ningún cuestionario con versión oficial en español. Un administrador de la plataforma puede cargar una que la organización tenga licencia para usar.',
  'Official Spanish version loaded.': 'Versión oficial en español cargada.',
  'No official Spanish version loaded: questions in English.': 'No hay versión oficial en español: preguntas en inglés.',
  'Read the English questions through an interpreter; the screening is recorded as interpreted.':
    'Lea las preguntas en inglés con la ayuda de un intérprete; la evaluación se registra como interpretada.',
  'Questions in Spanish from the official translation: {{source}} (version {{version}}).':
    'Preguntas en español de la traducción oficial: {{source}} (versión {{version}}).',

  // Loading official translations (platform admin)
  'Screener translations': 'Traducciones de cuestionarios',
  'Load an official translation your organisation is licensed to use, such as NACHC’s Spanish PRAPARE. CareLoop never machine-translates a screener: without a loaded translation the questions are shown in English.':
    'Cargue una traducción oficial que su organización tenga licencia para usar, como el PRAPARE en español de NACHC. CareLoop nunca traduce un cuestionario de forma automática: sin una traducción cargada, las preguntas se muestran en inglés.',
  'Loaded {{title}} in Spanish, version {{version}}. It is used from now on.': 'Se cargó {{title}} en español, versión {{version}}. Se usa a partir de ahora.',
  'The file was not loaded:': 'No se cargó el archivo:',
  'Translation file (JSON)': 'Archivo de traducción (JSON)',
  'Keyed by LOINC item and LA answer code, with its source and licence, covering every question and answer.':
    'Organizado por código LOINC de pregunta y código LA de respuesta, con su fuente y licencia, y con todas las preguntas y respuestas.',
  'Template for {{title}}': 'Plantilla para {{title}}',
  'Load translation': 'Cargar traducción',
  'Loaded translations': 'Traducciones cargadas',
  'None yet: every screener is shown in English.': 'Ninguna todavía: todos los cuestionarios se muestran en inglés.',
  'version {{version}}': 'versión {{version}}',
  'Source: {{source}}': 'Fuente: {{source}}',
  'Licence: {{licence}}': 'Licencia: {{licence}}',
  'Loaded by {{name}} on {{date}}': 'Cargada por {{name}} el {{date}}',
  'Choose the translation file (JSON) to load.': 'Elija el archivo de traducción (JSON) que desea cargar.',
  'The file is empty.': 'El archivo está vacío.',
  'The file is not UTF-8 text.': 'El archivo no es texto UTF-8.',
  'The file is not valid JSON.': 'El archivo no es JSON válido.',
  'The file must be a JSON object.': 'El archivo debe ser un objeto JSON.',
  'Name the instrument (hunger-vital-sign, ahc-hrsn or prapare).': 'Indique el cuestionario (hunger-vital-sign, ahc-hrsn o prapare).',
  'The language must be "es": Spanish is the only language CareLoop shows besides English.':
    'El idioma debe ser "es": el español es el único idioma que CareLoop muestra además del inglés.',
  'Keep the source under 500 characters.': 'La fuente debe tener menos de 500 caracteres.',
  'Keep the licence under 1,000 characters.': 'La licencia debe tener menos de 1000 caracteres.',
  'Each item needs its text and answers.': 'Cada pregunta necesita su texto y sus respuestas.',
  'The text is empty.': 'El texto está vacío.',
  'The text is longer than 2,000 characters.': 'El texto tiene más de 2000 caracteres.',
  'The text contains control characters.': 'El texto contiene caracteres de control.',

  // Scoring calculator
  'The age must be a whole number of years from 0 to 130.': 'La edad debe ser un número entero de años entre 0 y 130.',

  // Screening domains (rule tables)
  'Food insecurity': 'Inseguridad alimentaria',
  'Living situation': 'Situación de vivienda',
  'Housing quality': 'Calidad de la vivienda',
  Transportation: 'Transporte',
  Utilities: 'Servicios públicos',
  'Interpersonal safety': 'Seguridad interpersonal',
  'Interpersonal Safety': 'Seguridad interpersonal',
  'Financial strain': 'Dificultades económicas',
  Employment: 'Empleo',
  'Family and community support': 'Apoyo familiar y comunitario',
  Education: 'Educación',
  'Education/Training': 'Educación o capacitación',
  'Physical activity': 'Actividad física',
  'Physical Activity': 'Actividad física',
  'Substance use': 'Consumo de sustancias',
  'Substance Use': 'Consumo de sustancias',
  'Mental health': 'Salud mental',
  'Mental Health': 'Salud mental',
  Disabilities: 'Discapacidades',
  'Disability Status': 'Situación de discapacidad',
  'Hispanic or Latino': 'Hispano o latino',
  Race: 'Raza',
  'Seasonal or migrant farm work': 'Trabajo agrícola de temporada o migrante',
  'Armed forces': 'Fuerzas armadas',
  'Household size': 'Tamaño del hogar',
  'Housing status': 'Situación de vivienda actual',
  'Worried about losing housing': 'Preocupación por perder la vivienda',
  Insurance: 'Seguro médico',
  Income: 'Ingresos',
  'Unable to get necessities': 'Sin acceso a artículos de primera necesidad',
  'Social connection': 'Relaciones sociales',
  Incarceration: 'Encarcelamiento',
  'Refugee status': 'Condición de refugiado',
  'Safety where you live': 'Seguridad donde vive',
  Safety: 'Seguridad',
  'Afraid of partner or ex-partner': 'Miedo a la pareja o expareja',
};
