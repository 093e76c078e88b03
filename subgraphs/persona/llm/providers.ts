import type { PersonaConfig } from '../config.js';
import { GeminiProvider } from './gemini.provider.js';
import { OfflineProvider } from './offline.provider.js';
import { OpenAiProvider } from './openai.provider.js';
import type { LlmProviderPort, ProviderName } from './provider.js';

/** The providers this process can use: OFFLINE always, OpenAI and Gemini when their keys are set. */
export function configuredProviders(config: PersonaConfig): Partial<Record<ProviderName, LlmProviderPort>> {
  return {
    OFFLINE: new OfflineProvider(),
    ...(config.OPENAI_API_KEY
      ? { OPENAI: new OpenAiProvider({ apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL, defaultModel: config.OPENAI_MODEL }) }
      : {}),
    ...(config.GEMINI_API_KEY
      ? { GEMINI: new GeminiProvider({ apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL, defaultModel: config.GEMINI_MODEL }) }
      : {}),
  };
}
