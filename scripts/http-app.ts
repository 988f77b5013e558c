// The web server around the Remix build: used by `npm start`, `npm run dev` and the HTTP benchmark.
import { createRequestHandler, installGlobals, writeReadableStreamToWritable, type ServerBuild } from '@remix-run/node';
import express from 'express';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { log } from '../app/log.server.js';
import { runInRequestContext, settleRequestContext } from '../app/request-context.server.js';

export const BUILD_ENTRY = path.resolve('build/index.js');
/**
 * The server `npm start` runs under plain Node: scripts/start.ts and the project code it imports compiled
 * into one module, packages left in node_modules. Running the TypeScript through a loader instead cost the
 * server a second JavaScript heap for the loader's thread: 50 MB more memory, and a slower tail under load.
 */
export const SERVER_ENTRY = path.resolve('build/server.mjs');
/** The migrations, compiled for SERVER_ENTRY (db/migrate.ts reads them beside it). */
const COMPILED_MIGRATIONS = path.resolve('build/migrations');
/** The heap `npm start` gives the server (package.json): old space bounded; new space large enough that a request's objects die young. */
export const SERVER_HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=8'];

export async function loadBuild(): Promise<ServerBuild> {
  installGlobals({ nativeFetch: true });
  const stamp = fs.statSync(BUILD_ENTRY).mtimeMs;
  return import(`${pathToFileURL(BUILD_ENTRY).href}?t=${stamp}`);
}

/** Rebuilds when any source is newer than the build (or `always`), so `npm start` never serves stale code. */
export function buildIfNeeded({ always = false }: { always?: boolean } = {}) {
  const builtAt = Math.min(...[BUILD_ENTRY, SERVER_ENTRY].map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)));
  const sources = ['app', 'db', 'search', 'scripts', 'remix.config.js', 'package-lock.json'];
  const newest = Math.max(...sources.map((source) => newestMtime(path.resolve(source))));
  if (newest <= builtAt && !always) return;
  console.log('Building CareLoop…');
  execFileSync(process.execPath, [path.resolve('node_modules/@remix-run/dev/dist/cli.js'), 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  compileServer();
}

function compileServer() {
  // Loaded only to build: the server itself never needs the compiler.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' } as const;
  buildSync({ ...common, entryPoints: ['scripts/start.ts'], outfile: SERVER_ENTRY });
  fs.rmSync(COMPILED_MIGRATIONS, { recursive: true, force: true });
  const migrations = fs.readdirSync('db/migrations').filter((file) => file.endsWith('.ts')).map((file) => path.join('db/migrations', file));
  buildSync({ ...common, entryPoints: migrations, outdir: COMPILED_MIGRATIONS, outExtension: { '.js': '.mjs' } });
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

const MAX_BODY_BYTES = 1024 * 1024;
// The platform admin's HSDS package upload (a ZIP) is the one large form: streamed, never held whole.
const UPLOAD_PATHS: Record<string, number> = { '/admin/directory': 512 * 1024 * 1024 };
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Scripts run only from this site or with the nonce of the page that carries them.
const contentSecurityPolicy = (nonce: string) =>
  `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; ` +
  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/**
 * Express with request ids, JSON request logs, security headers, a bounded request body, static
 * assets and the Remix handler. Every request runs in its own request context (who is asking,
 * from where) for the data layer and the audit trail.
 */
export function createHttpApp(initialBuild: ServerBuild, { dev, trustProxy }: { dev: boolean; trustProxy?: string }) {
  const mode = dev ? 'development' : 'production';
  let build = initialBuild;
  let handleRequest = createRequestHandler(build, mode);
  const app = express();
  app.disable('x-powered-by');
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.use((req, res, next) => {
    const requestId = randomUUID();
    // The client address comes from the socket, never from a header the client could send.
    req.headers['x-request-id'] = requestId;
    req.headers['x-client-address'] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (!trustProxy) delete req.headers['x-forwarded-host'];
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    res.locals.cspNonce = randomBytes(16).toString('base64');
    if (!dev) {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(res.locals.cspNonce));
      res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    }
    if (!req.path.startsWith('/build/')) {
      // Pages carry patient data: no browser or proxy may keep a copy.
      res.setHeader('Cache-Control', 'no-store');
      // A one-time link's token must not leak to another site through the Referer header.
      if (SECRET_PATHS.test(req.path)) res.setHeader('Referrer-Policy', 'no-referrer');
    }
    moveOriginHeader(req);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      log('info', 'request', {
        requestId,
        method: req.method,
        // The path only (query strings are never logged), and a self-screening link's token is a secret.
        path: loggedPath(req.path),
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      });
    });
    next();
  });
  app.use((req, res, next) => {
    // Forms are the only bodies the pages accept (the JSON API checks its own); anything else is
    // answered here, before it can reach an action.
    if (req.method !== 'POST' || req.path.startsWith('/api/')) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!FORM_TYPES.includes(type)) return res.status(415).type('text/plain').send('Send this as a form.');
    if (Number(req.headers['content-length'] ?? 0) > (UPLOAD_PATHS[req.path] ?? MAX_BODY_BYTES)) return res.status(413).type('text/plain').send('This form is too large.');
    next();
  });
  // Every body is read here, counted as it arrives (a chunked body declares no length), and
  // refused past the limit before anything else holds it.
  const readBody = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
  app.use((req, res, next) => (req.method === 'POST' && UPLOAD_PATHS[req.path] !== undefined ? next() : readBody(req, res, next)));
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  // Only a path naming a file is looked for on disk: a stat per page view and API call was a cost of its own.
  const publicFiles = express.static('public', { maxAge: '1h' });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? publicFiles(req, res, next) : next()));
  // A report's CSV lives at the report's own address (?format=csv); a page route cannot answer
  // with a file, so the request goes to the reports' export route.
  app.use((req, _res, next) => {
    const report = /^\/reports(?:\/(screening|intervention|funnel|outcomes))?\/?$/.exec(req.path);
    if (report && req.query.format === 'csv') req.url = `/reports/export/${report[1] ?? 'dashboard'}${req.url.slice(req.path.length)}`;
    next();
  });
  // The public matching API goes straight to its route module's loader: matching a path against
  // every page route cost about as much as the search itself (the framework ranks all routes and
  // compiles their patterns on each request). Same request context, same headers, same answers.
  app.get(Object.keys(DIRECT_RESOURCE_ROUTES), (req, res, next) => {
    const loader = build.routes[DIRECT_RESOURCE_ROUTES[req.path]]?.module.loader;
    if (!loader) return next();
    return answer(req, res, next, async (request) => {
      let response: unknown;
      try {
        response = await loader({ request, params: {}, context: {} });
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      if (!(response instanceof Response)) throw new Error(`The loader of ${req.path} did not answer with a Response.`);
      return response;
    });
  });
  app.all('*', (req, res, next) => answer(req, res, next, (request) => handleRequest(request, { cspNonce: res.locals.cspNonce })));
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const failure = error as { type?: string; status?: number; name?: string; message?: string };
    if (failure.type === 'entity.too.large') return res.status(413).type('text/plain').send('This form is too large.');
    if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
      return res.status(failure.status).type('text/plain').send('The request could not be read.');
    }
    log('error', 'request.failed', {
      requestId: String(req.headers['x-request-id']),
      path: loggedPath(req.path),
      error: failure.name ?? 'unknown',
      message: failure.message?.slice(0, 300),
    });
    res.status(500).type('text/plain').send('Something went wrong.');
  });
  return {
    app,
    /** After a development rebuild. */
    setBuild(next: ServerBuild) {
      build = next;
      handleRequest = createRequestHandler(build, mode);
    },
  };
}

/** Resource routes answered by their loader without the framework's route matching: path → route id. */
const DIRECT_RESOURCE_ROUTES: Record<string, string> = { '/api/match': 'routes/api.match' };

/** Answers a request in its own request context (who is asking, from where) and sends the Response; failures go to the error handler. */
async function answer(req: express.Request, res: express.Response, next: express.NextFunction, respond: (request: Request) => Promise<Response>) {
  const context = {
    requestId: String(req.headers['x-request-id']),
    path: `${req.method} ${loggedPath(req.path)}`,
    clientAddress: String(req.headers['x-client-address']),
    userAgent: req.headers['user-agent']?.slice(0, 512),
  };
  try {
    const request = remixRequest(req, res);
    await runInRequestContext(context, async () => {
      await sendRemixResponse(res, await respond(request));
      await settleRequestContext();
    });
  } catch (error) {
    next(error);
  }
}

// Paths whose last part is a one-time link's secret: self-screening, invitation, password reset.
const SECRET_PATHS = /^\/(s|invitations|password\/reset)\/[^/]+/;
const loggedPath = (path: string) => path.replace(SECRET_PATHS, (_, prefix: string) => `/${prefix}/:token`);

/**
 * The framework aborts any action whose Origin differs from the Host with an unhandled error (a
 * 500 and an error line per request, for anyone who sends "Origin: null"). CareLoop checks the
 * origin itself, where it also checks the CSRF token (app/auth/csrf.server.ts), so the header
 * moves to a name only this server sets.
 */
function moveOriginHeader(req: express.Request) {
  const origin = req.headers.origin;
  delete req.headers.origin;
  delete req.headers['x-careloop-origin'];
  if (origin !== undefined) req.headers['x-careloop-origin'] = origin;
}

/**
 * The Fetch API request Remix wants, with the body express.raw has already read and bounded. The
 * URL's host respects the "trust proxy" setting (req.hostname); the request is aborted when the
 * client goes away before the answer is sent.
 */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) return callback(Object.assign(new Error('This form is too large.'), { status: 413, type: 'entity.too.large' }));
      callback(null, chunk);
    },
  });
}

function remixRequest(req: express.Request, res: express.Response): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const port = /:(\d+)$/.exec(req.get('host') ?? '')?.[1];
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit = { method: req.method, headers, signal: controller.signal };
  if (BODY_METHODS.has(req.method)) {
    // express.raw has already inflated a compressed body.
    headers.delete('content-encoding');
    headers.delete('content-length');
    const upload = UPLOAD_PATHS[req.path];
    if (req.method === 'POST' && upload !== undefined) {
      // Counted as it streams, so a chunked upload stops at the limit too.
      (init as RequestInit & { duplex: 'half' }).duplex = 'half';
      init.body = Readable.toWeb(req.pipe(byteLimit(upload))) as ReadableStream<Uint8Array>;
    } else {
      init.body = new Uint8Array(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    }
  }
  return new Request(url, init);
}

async function sendRemixResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
