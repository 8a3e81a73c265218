import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { flowKinds } from '../../app/flow-steps/index.ts';
import { FLOWS_DIR } from '../../config/project-root.ts';
import { checkFlowSet, FlowValidationError, flowFiles, parseFlow } from '../../flow-engine/load.ts';
import type { CompiledFlow } from '../../flow-engine/schema.ts';
import { CliError } from '../errors.ts';
import { printJson } from '../runtime.ts';

interface FileReport {
  file: string;
  ok: boolean;
  flowId?: string;
  version?: number;
  problems?: string[];
}

/** Validates every flow file of dir; one report per file (pure apart from reading the files). */
export function validateFlowDir(dir: string): FileReport[] {
  const files = flowFiles(dir);
  const reports: FileReport[] = [];
  const good: CompiledFlow[] = [];
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    try {
      const flow = parseFlow(readFileSync(file, 'utf8'), shown, flowKinds);
      good.push(flow);
      reports.push({ file: shown, ok: true, flowId: flow.id, version: flow.version });
    } catch (error) {
      if (!(error instanceof FlowValidationError)) throw error;
      reports.push({ file: shown, ok: false, problems: error.problems });
    }
  }
  try {
    checkFlowSet(good);
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    const report = reports.find((r) => r.file === error.file);
    if (report) Object.assign(report, { ok: false, problems: error.problems });
  }
  return reports;
}

/** `seleksi flows validate [--dir flows] [--json]`. */
export function registerFlows(program: Command): void {
  const flows = program.command('flows').description('Flow files / berkas alur percakapan');
  flows
    .command('validate')
    .description(
      'Validate every flow file; prints OK or the file, step and problem / periksa semua berkas alur',
    )
    .option('--dir <dir>', 'directory of flow files', FLOWS_DIR)
    .option('--json', 'print one JSON document')
    .action((opts: { dir: string; json?: boolean }) => {
      const dir = resolve(opts.dir);
      let reports: FileReport[];
      try {
        reports = validateFlowDir(dir);
      } catch (error) {
        throw new CliError(`cannot read flow directory ${opts.dir}: ${(error as Error).message}`);
      }
      if (reports.length === 0) throw new CliError(`no flow files (*.yaml) in ${opts.dir}`);
      const bad = reports.filter((r) => !r.ok);
      if (opts.json) printJson({ ok: bad.length === 0, files: reports });
      else {
        for (const r of reports) {
          if (r.ok) process.stdout.write(`OK    ${r.file} (${r.flowId} v${r.version})\n`);
          else for (const p of r.problems ?? []) process.stdout.write(`ERROR ${r.file}: ${p}\n`);
        }
      }
      if (bad.length > 0) {
        throw new CliError(`${bad.length} of ${reports.length} flow files are invalid (see above)`);
      }
    });
}
