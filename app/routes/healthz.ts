import { getDb, getSearchEngine } from '~/db.server';
import { checkHealth } from '~/health.server';

export async function loader() {
  const { health, httpStatus } = await checkHealth(getDb(), getSearchEngine());
  // A resource route answers with a plain Response: data() would lose the status code here.
  return Response.json(health, { status: httpStatus, headers: { 'Cache-Control': 'no-store' } });
}
