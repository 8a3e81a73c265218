import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser for a whole number ≥ min: `--expires-days abc` is a usage error on one
 * line ("option '--expires-days <days>' argument 'abc' is invalid. …"), never NaN further on.
 */
export function wholeNumber(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(
        `harus bilangan bulat ≥ ${min} (must be a whole number ≥ ${min}), mis. (e.g.) ${Math.max(min, 30)}`,
      );
    return n;
  };
}
