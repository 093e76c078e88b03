import type { Response } from 'express';

/** Answers outside GraphQL execution in GraphQL's response shape, so clients read one format. */
export function sendGraphQLError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}
