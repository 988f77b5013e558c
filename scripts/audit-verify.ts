// `npm run audit:verify`: recomputes the audit trail's hash chains. Exit 0 when intact; exit 1 with
// the first altered, inserted or missing row.
import { describeResult, verifyAuditTrail } from '../app/audit/verify.server.js';
import { createDatabase } from '../db/pool.js';
import { exitWithProblem, openDatabase } from './database.js';

try {
  const database = await openDatabase(undefined, { besideRunningServer: true });
  // The platform role: it reads every organisation's chain and the chain heads, and nothing lets it rewrite them.
  const platform = createDatabase(database.urls.platform, { max: 2 });
  try {
    const result = await verifyAuditTrail(platform);
    console.log(`audit:verify: ${describeResult(result)}`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await platform.destroy();
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'audit:verify');
}
