// The error of a definition file that cannot be used, apart from the parser and the schema (validate.ts):
// the CLI tells it by class on every command (known-errors.ts) without loading the YAML parser.

/** One problem in a definition file: where (path inside the file) and what. */
export interface DefinitionIssue {
  /** e.g. `categories[1] (TKSK).criteria[0] (INOVASI).weight`; empty for the whole file. */
  path: string;
  message: string;
}

/** A definition file that cannot be used. `message` is one line: the first problem (+ how many more). */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
  constructor(
    readonly file: string,
    readonly issues: DefinitionIssue[],
  ) {
    const first = formatIssue(file, issues[0]!);
    super(issues.length > 1 ? `${first} (and ${issues.length - 1} more problem(s))` : first);
  }

  /** Every problem, one per line. */
  lines(): string[] {
    return this.issues.map((i) => formatIssue(this.file, i));
  }
}

/** `file: path: message`, the format every definition error uses. */
export function formatIssue(file: string, issue: DefinitionIssue): string {
  return issue.path ? `${file}: ${issue.path}: ${issue.message}` : `${file}: ${issue.message}`;
}
