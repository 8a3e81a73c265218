#!/usr/bin/env node
// The `seleksi` executable: runs the compiled CLI in dist/ (`npm ci` builds it; `npm run build` rebuilds it).
// Stack traces point into src/ under `NODE_OPTIONS=--enable-source-maps` (off by default: it costs ~0.5 s a start).
import { existsSync } from 'node:fs';

const main = new URL('../dist/seleksi.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'seleksi: dist/ belum ada, jalankan npm run build (dist/ is missing: run npm run build)\n',
  );
  process.exit(1);
}
await (await import(main.href)).main(process.argv);
