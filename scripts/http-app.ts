// The web server around the Remix build: used by `npm start`, `npm run dev` and the HTTP benchmark.
import { createRequestHandler } from '@remix-run/express';
import { installGlobals, type ServerBuild } from '@remix-run/node';
import express from 'express';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log } from '../app/log.server.js';

export const BUILD_ENTRY = path.resolve('build/index.js');

export async function loadBuild(): Promise<ServerBuild> {
  installGlobals({ nativeFetch: true });
  const stamp = fs.statSync(BUILD_ENTRY).mtimeMs;
  return import(`${pathToFileURL(BUILD_ENTRY).href}?t=${stamp}`);
}

/** Rebuilds when any source is newer than the build, so `npm start` never serves stale code. */
export function buildIfNeeded() {
  const builtAt = fs.existsSync(BUILD_ENTRY) ? fs.statSync(BUILD_ENTRY).mtimeMs : 0;
  const sources = ['app', 'db', 'search', 'remix.config.js', 'package-lock.json'];
  const newest = Math.max(...sources.map((source) => newestMtime(path.resolve(source))));
  if (newest <= builtAt) return;
  console.log('Building CareLoop…');
  execFileSync(process.execPath, [path.resolve('node_modules/@remix-run/dev/dist/cli.js'), 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

const MAX_FORM_BYTES = 1024 * 1024;
// The platform admin's HSDS package upload (a ZIP) is the one large form.
const UPLOAD_PATHS: Record<string, number> = { '/admin/directory': 512 * 1024 * 1024 };
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

/** Express with request ids, JSON request logs, security headers, static assets and the Remix handler. */
export function createHttpApp(initialBuild: ServerBuild, { dev, trustProxy }: { dev: boolean; trustProxy?: string }) {
  const mode = dev ? 'development' : 'production';
  let handler = createRequestHandler({ build: initialBuild, mode });
  const app = express();
  app.disable('x-powered-by');
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.use((req, res, next) => {
    const requestId = randomUUID();
    // The client address comes from the socket, never from a header the client could send.
    req.headers['x-request-id'] = requestId;
    req.headers['x-client-address'] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    if (!dev) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (!req.path.startsWith('/build/')) {
      // Pages carry patient data: no browser or proxy may keep a copy.
      res.setHeader('Cache-Control', 'no-store');
      // A self-screening link's token must not leak to another site through the Referer header.
      if (req.path.startsWith('/s/')) res.setHeader('Referrer-Policy', 'no-referrer');
    }
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      log('info', 'request', {
        requestId,
        method: req.method,
        // The path only (query strings are never logged), and a self-screening link's token is a secret.
        path: req.path.replace(/^\/s\/[^/]+/, '/s/:token'),
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      });
    });
    next();
  });
  app.use((req, res, next) => {
    // Forms are the only bodies the pages accept (the JSON API checks its own); anything else or
    // anything larger is answered here, before it can reach an action.
    if (req.method !== 'POST' || req.path.startsWith('/api/')) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!FORM_TYPES.includes(type)) return res.status(415).type('text/plain').send('Send this as a form.');
    if (Number(req.headers['content-length'] ?? 0) > (UPLOAD_PATHS[req.path] ?? MAX_FORM_BYTES)) return res.status(413).type('text/plain').send('This form is too large.');
    next();
  });
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  app.use(express.static('public', { maxAge: '1h' }));
  // A report's CSV lives at the report's own address (?format=csv); a page route cannot answer
  // with a file, so the request goes to the reports' export route.
  app.use((req, _res, next) => {
    const report = /^\/reports(?:\/(screening|intervention|funnel|outcomes))?\/?$/.exec(req.path);
    if (report && req.query.format === 'csv') req.url = `/reports/export/${report[1] ?? 'dashboard'}${req.url.slice(req.path.length)}`;
    next();
  });
  app.all('*', (req, res, next) => handler(req, res, next));
  return {
    app,
    /** After a development rebuild. */
    setBuild(build: ServerBuild) {
      handler = createRequestHandler({ build, mode });
    },
  };
}
