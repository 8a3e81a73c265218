/**
 * Splits a Prisma-style Postgres URL into a plain connection string and the `?schema=` parameter,
 * which node-postgres does not understand. Tests use the schema to get a private namespace.
 */
export function parseDatabaseUrl(databaseUrl: string): { connectionString: string; schema: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

/** The database URL with `?schema=` set. */
export function withSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}
