import { sql } from 'kysely';
import { getDb, getSearchEngine } from '~/db.server';

export async function loader() {
  const engine = getSearchEngine();
  const [db, search] = await Promise.all([
    sql`SELECT 1`.execute(getDb()).then(() => true, () => false),
    engine.health().catch(() => false),
  ]);
  const body = { status: db && search ? 'ok' : 'unavailable', db: db ? 'ok' : 'down', search: search ? engine.name : `${engine.name} down` };
  // A resource route answers with a plain Response: data() would lose the status code here.
  return Response.json(body, { status: db && search ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
