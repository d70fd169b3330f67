// Entry of the import parser's worker thread (parse-worker.ts): the server is TypeScript run
// through tsx's loader (bin/fenggui.js), and a worker thread registers it for itself.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
