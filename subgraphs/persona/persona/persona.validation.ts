import { BadInput } from '../../../internal/errors.js';
import type { CreatePersonaInput, LlmSettingsInput, UpdatePersonaInput } from './persona.input.js';
import type { LlmProvider } from './persona.type.js';

/** Limits of a persona's fields; they keep prompts a sensible size. */
export const PERSONA_LIMITS = {
  name: 100,
  description: 2_000,
  tone: 500,
  listItems: { rules: 50, safetyRules: 50, samplePrompts: 20 },
  itemLength: 500,
  model: 100,
  temperature: { min: 0, max: 2 },
  maxTokens: { min: 1, max: 4_096 },
} as const;

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

function requiredText(raw: string, field: string, max: number): string {
  const value = raw.trim();
  if (!value) throw BadInput(`${field} must not be empty`, { field });
  if (value.length > max) throw BadInput(`${field} must be at most ${max} characters`, { field });
  return value;
}

/** Optional text: blank becomes null. */
function optionalText(raw: string, field: string, max: number): string | null {
  const value = raw.trim();
  if (value.length > max) throw BadInput(`${field} must be at most ${max} characters`, { field });
  return value || null;
}

function textList(raw: string[], field: keyof typeof PERSONA_LIMITS.listItems): string[] {
  const max = PERSONA_LIMITS.listItems[field];
  if (raw.length > max) throw BadInput(`${field} may hold at most ${max} entries`, { field });
  return raw.map((item, i) => {
    const value = item.trim();
    if (!value) throw BadInput(`${field}[${i}] must not be empty`, { field, index: i });
    if (value.length > PERSONA_LIMITS.itemLength) {
      throw BadInput(`${field}[${i}] must be at most ${PERSONA_LIMITS.itemLength} characters`, { field, index: i });
    }
    return value;
  });
}

export interface LlmData {
  llmProvider?: LlmProvider;
  llmModel?: string | null;
  llmTemperature?: number;
  llmMaxTokens?: number;
}

function llmData(input: LlmSettingsInput): LlmData {
  const data: LlmData = {};
  if (input.provider != null) data.llmProvider = input.provider;
  if (input.model != null) {
    const model = input.model.trim();
    if (model && (model.length > PERSONA_LIMITS.model || !MODEL_NAME.test(model))) {
      throw BadInput('llm.model must be a model name such as "gpt-4o-mini" (letters, digits, . _ : / -)', { field: 'llm.model' });
    }
    data.llmModel = model || null;
  }
  if (input.temperature != null) {
    const { min, max } = PERSONA_LIMITS.temperature;
    if (!Number.isFinite(input.temperature) || input.temperature < min || input.temperature > max) {
      throw BadInput(`llm.temperature must be between ${min} and ${max}`, { field: 'llm.temperature' });
    }
    data.llmTemperature = input.temperature;
  }
  if (input.maxTokens != null) {
    const { min, max } = PERSONA_LIMITS.maxTokens;
    if (input.maxTokens < min || input.maxTokens > max) {
      throw BadInput(`llm.maxTokens must be between ${min} and ${max}`, { field: 'llm.maxTokens' });
    }
    data.llmMaxTokens = input.maxTokens;
  }
  return data;
}

/** The columns of a new persona, validated and trimmed. */
export function createData(input: CreatePersonaInput) {
  return {
    name: requiredText(input.name, 'name', PERSONA_LIMITS.name),
    description: input.description == null ? null : optionalText(input.description, 'description', PERSONA_LIMITS.description),
    tone: input.tone == null ? null : optionalText(input.tone, 'tone', PERSONA_LIMITS.tone),
    rules: textList(input.rules ?? [], 'rules'),
    safetyRules: textList(input.safetyRules ?? [], 'safetyRules'),
    samplePrompts: textList(input.samplePrompts ?? [], 'samplePrompts'),
    ...(input.llm ? llmData(input.llm) : {}),
  };
}

/** Only the columns the update names; null and absent fields keep their value. */
export function updateData(input: UpdatePersonaInput) {
  const data: Partial<ReturnType<typeof createData>> = {};
  if (input.name != null) data.name = requiredText(input.name, 'name', PERSONA_LIMITS.name);
  if (input.description != null) data.description = optionalText(input.description, 'description', PERSONA_LIMITS.description);
  if (input.tone != null) data.tone = optionalText(input.tone, 'tone', PERSONA_LIMITS.tone);
  if (input.rules != null) data.rules = textList(input.rules, 'rules');
  if (input.safetyRules != null) data.safetyRules = textList(input.safetyRules, 'safetyRules');
  if (input.samplePrompts != null) data.samplePrompts = textList(input.samplePrompts, 'samplePrompts');
  if (input.llm != null) Object.assign(data, llmData(input.llm));
  if (!Object.keys(data).length) throw BadInput('Nothing to update: name at least one field', { field: 'input' });
  return data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else cannot name a persona (and must not reach a uuid column). */
export const isUuid = (id: string) => UUID.test(id);
