import { createCookie } from '@remix-run/node';
import { isLocale, type Locale } from './i18n.js';

export const localeCookie = createCookie('careloop_lang', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });

/** The language asked for in the URL (?lng=es), else the one chosen before, else the browser's. */
export async function resolveLocale(request: Request): Promise<{ locale: Locale; setCookie?: string }> {
  const asked = new URL(request.url).searchParams.get('lng');
  if (isLocale(asked)) return { locale: asked, setCookie: await localeCookie.serialize(asked) };
  const chosen = await localeCookie.parse(request.headers.get('Cookie'));
  if (isLocale(chosen)) return { locale: chosen };
  return { locale: fromAcceptLanguage(request.headers.get('Accept-Language')) };
}

function fromAcceptLanguage(header: string | null): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { language: tag.slice(0, 2).toLowerCase(), weight: q ? Number(q) : 1 };
    })
    .filter((entry) => entry.language && !Number.isNaN(entry.weight))
    .sort((a, b) => b.weight - a.weight);
  const match = ranked.find((entry) => isLocale(entry.language));
  return match && isLocale(match.language) ? match.language : 'en';
}
