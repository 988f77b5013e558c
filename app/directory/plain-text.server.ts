// Directory text arrives from imports and edits and may carry markup (SF 211 has `<p class=msonormal>`
// and `<br />`). It is shown as plain text only: markup is stripped by sanitize-html, line breaks kept.
import sanitizeHtml from 'sanitize-html';

const BREAKS = /<\s*(br\s*\/?|\/\s*(p|div|li|h[1-6]|tr))\s*>/gi;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** Text without any markup, entities decoded, at most one blank line in a row; null when nothing is left. */
export function plainText(text: string | null | undefined): string | null {
  if (!text) return null;
  const stripped = sanitizeHtml(text.replace(BREAKS, '\n'), { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' });
  const decoded = stripped.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity);
  const lines = decoded.split('\n').map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim());
  const result = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return result === '' ? null : result;
}
