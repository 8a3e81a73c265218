/**
 * `npm run lint` runs this: the layers of src/, bottom to top, and two rules over the imports
 * between its files (static and dynamic `import`, type-only ones too): no file imports a layer above
 * its own, and no files import each other in a circle. Prints each break and exits 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Bottom to top; a file belongs to the first prefix that matches its path under src/. */
const LAYERS = [
  ['core/'],
  ['config/', 'log.ts'],
  ['domain/'],
  ['db/'],
  ['flow-engine/'],
  ['app/flow-steps/'],
  ['app/'],
  ['queue/'],
  ['channels/'],
  ['broadcast/'],
  ['http/'],
  ['worker.ts'],
  ['console.ts'],
  ['main.ts'],
  ['cli/'],
];

const root = resolve(import.meta.dirname, '..', 'src');
const layerOf = (file) => LAYERS.findIndex((prefixes) => prefixes.some((p) => file.startsWith(p)));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'generated' ? [] : sourceFiles(path);
    return d.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

const files = sourceFiles(root);
const imports = new Map(
  files.map((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [
      ...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+\.ts)['"]/g),
    ].map((m) => relative(root, resolve(dirname(join(root, file)), m[1])));
    return [file, targets.filter((t) => !t.startsWith('..') && !t.startsWith('db/generated/'))];
  }),
);

const problems = [];
for (const [file, targets] of imports) {
  if (layerOf(file) < 0) problems.push(`${file}: in no layer (add it to scripts/check-layers.js)`);
  for (const target of targets) {
    if (layerOf(target) > layerOf(file)) problems.push(`${file} imports ${target}, a layer above it`);
  }
}

// Circles: a depth-first walk that reports each back edge's loop once.
const state = new Map();
const path = [];
function visit(file) {
  state.set(file, 'open');
  path.push(file);
  for (const target of imports.get(file) ?? []) {
    if (state.get(target) === 'open') {
      problems.push(`import circle: ${[...path.slice(path.indexOf(target)), target].join(' → ')}`);
    } else if (!state.has(target)) visit(target);
  }
  path.pop();
  state.set(file, 'done');
}
for (const file of files) if (!state.has(file)) visit(file);

for (const problem of problems) process.stderr.write(`check-layers: ${problem}\n`);
if (problems.length > 0) process.exitCode = 1;
else
  process.stdout.write(
    `check-layers: ${files.length} files, ${LAYERS.length} layers, no upward import, no circle\n`,
  );
