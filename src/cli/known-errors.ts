import { SeleksiError } from '../app/seleksi-errors.ts';
import { DefinitionError } from '../domain/definition/validate.ts';
import { CliError } from './errors.ts';

/** Runs fn and turns the expected failures of the use-cases into CliErrors (one line, exit 1). */
export async function asCliErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SeleksiError || error instanceof DefinitionError) throw new CliError(error.message);
    throw error;
  }
}
