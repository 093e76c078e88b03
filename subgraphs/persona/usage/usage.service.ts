import type { PersonaDb } from '../db.js';
import type { LlmUsage, ProviderName } from '../llm/provider.js';

/** The accounting month of a moment, e.g. "2026-11" (UTC). */
export const usagePeriod = (at = new Date()) => at.toISOString().slice(0, 7);

/** Tokens used per organization, month and provider. */
export class UsageService {
  constructor(private readonly db: PersonaDb) {}

  /** Adds one answer's tokens in a single atomic upsert: concurrent answers never lose a count. */
  async record(orgId: string, provider: ProviderName, usage: LlmUsage, at = new Date()): Promise<void> {
    const period = usagePeriod(at);
    await this.db.$executeRaw`
      INSERT INTO "persona_token_usage" ("org_id", "period", "provider", "requests", "prompt_tokens", "completion_tokens", "updated_at")
      VALUES (${orgId}::uuid, ${period}, ${provider}::"LlmProvider", 1, ${usage.promptTokens}, ${usage.completionTokens}, now())
      ON CONFLICT ("org_id", "period", "provider") DO UPDATE SET
        "requests" = "persona_token_usage"."requests" + 1,
        "prompt_tokens" = "persona_token_usage"."prompt_tokens" + EXCLUDED."prompt_tokens",
        "completion_tokens" = "persona_token_usage"."completion_tokens" + EXCLUDED."completion_tokens",
        "updated_at" = now()`;
  }

  /** An organization's totals for one month, per provider. */
  async forPeriod(orgId: string, period = usagePeriod()) {
    const rows = await this.db.tokenUsage.findMany({ where: { orgId, period }, orderBy: { provider: 'asc' } });
    return rows.map((r) => ({ provider: r.provider, requests: r.requests, promptTokens: Number(r.promptTokens), completionTokens: Number(r.completionTokens) }));
  }
}
