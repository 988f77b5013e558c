// `npm run build` (always) and the first step of `npm start` (when any source is newer than the build):
// the Remix build and the compiled server.
import { buildIfNeeded } from './http-app.js';

buildIfNeeded({ always: process.argv.includes('--always') });
