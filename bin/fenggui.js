#!/usr/bin/env node
// The `fenggui` command. The server is TypeScript run through tsx's loader,
// so a checkout needs no separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli.ts');
