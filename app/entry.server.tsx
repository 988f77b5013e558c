import { PassThrough } from 'node:stream';
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer, isRouteErrorResponse } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './components/nonce';
import { log, requestId } from './log.server';

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Unexpected errors are logged as one structured line without the database's `detail`, which can
 * quote the row (patient data) that failed.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted || isExpectedResponse(error)) return;
  const failure = error instanceof Error ? error : new Error(String(error));
  log('error', 'request.failed', {
    requestId: requestId(request),
    path: new URL(request.url).pathname.replace(/^\/(s|invitations|password\/reset)\/[^/]+/, (_, prefix: string) => `/${prefix}/:token`),
    error: failure.name,
    code: (failure as { code?: string }).code,
    message: failure.message.slice(0, 300),
  });
}

/** A response a loader or action threw on purpose (a 404, a 403, a redirect): an answer, not a failure. */
function isExpectedResponse(error: unknown): boolean {
  return (
    error instanceof Response ||
    isRouteErrorResponse(error) ||
    (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'DataWithResponseInit')
  );
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  // Crawlers get the whole page at once; browsers get it as soon as the shell is ready.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '');
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const page = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      [waitForAll ? 'onAllReady' : 'onShellReady']() {
        shellRendered = true;
        const body = new PassThrough();
        responseHeaders.set('Content-Type', 'text/html');
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) log('error', 'render.failed', { requestId: requestId(request), error: error instanceof Error ? error.name : 'unknown' });
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
