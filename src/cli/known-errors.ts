import { SeleksiError } from '../app/seleksi-errors.ts';
import { DefinitionError } from '../domain/definition/definition-error.ts';
import { CliError } from './errors.ts';

/** Every problem of a definition file on one line, each with its place: `file: N masalah (problems): a; b`. */
export function definitionLine(error: DefinitionError): string {
  if (error.issues.length <= 1) return error.message;
  const each = error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return `${error.file}: ${error.issues.length} masalah (problems): ${each.join('; ')}`;
}

/** Runs fn and turns the expected failures of the use-cases into CliErrors (one line, exit 1). */
export async function asCliErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DefinitionError) throw new CliError(definitionLine(error));
    if (error instanceof SeleksiError) throw new CliError(error.message);
    throw error;
  }
}
