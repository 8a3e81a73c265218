#!/usr/bin/env node
// The `seleksi` executable: runs the compiled CLI in dist/ (`npm ci` builds it; `npm run build` rebuilds it).
// Stack traces point into src/ under `NODE_OPTIONS=--enable-source-maps` (off by default: it costs ~0.5 s a start).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/seleksi.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'seleksi: dist/ belum ada, jalankan npm run build (dist/ is missing: run npm run build)\n',
  );
  process.exit(1);
}
// V8's compiled code of the modules loaded from here on is kept on disk, in node_modules/.cache/seleksi-compile
// (NODE_COMPILE_CACHE names another place; NODE_DISABLE_COMPILE_CACHE=1 turns it off), and reused by the next
// start: ~70 ms less CPU a command. Where that directory cannot be written, Node carries on without it.
try {
  module.enableCompileCache?.(
    fileURLToPath(new URL('../node_modules/.cache/seleksi-compile', import.meta.url)),
  );
} catch {}
await (await import(main.href)).main(process.argv);
