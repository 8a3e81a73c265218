#!/usr/bin/env node
// The `seleksi` executable: runs the TypeScript sources through tsx, so `npm ci` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
