import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from '../../internal/config/services.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CONTRACT_PATH = path.resolve(ROOT, '..', 'shared', 'contract', 'operations.graphql');

export interface ContractSection {
  name: string;
  source: string;
}

/** Splits the contract at its `# ---- <section>` rulers. */
export function contractSections(text = readFileSync(CONTRACT_PATH, 'utf8')): ContractSection[] {
  const sections: ContractSection[] = [];
  let current: ContractSection | null = null;
  for (const line of text.split('\n')) {
    const ruler = /^# -{10,} ([a-z ]+)$/.exec(line);
    if (ruler) {
      current = { name: ruler[1]!.trim(), source: '' };
      sections.push(current);
    } else if (current) {
      current.source += `${line}\n`;
    }
  }
  return sections;
}

/** The subgraph that owns each section's operations. */
export const SECTION_OWNER: Record<string, SubgraphName> = {
  identity: 'identity',
  persona: 'persona',
  knowledge: 'knowledge',
  conversation: 'conversation',
  avatar: 'avatar',
  analytics: 'analytics',
  billing: 'billing',
};

/** Operations that also select fields other subgraphs contribute; checked once those have landed too. */
export const OPERATION_NEEDS: Record<string, SubgraphName[]> = {
  Register: ['billing'],
  Me: ['billing'],
  PersonaPage: ['knowledge', 'avatar', 'conversation'],
  Personas: ['knowledge', 'avatar'],
  KnowledgeSource: ['persona'],
  SearchKnowledge: ['persona'],
  StartConversation: ['persona'],
  Conversation: ['persona', 'avatar', 'identity'],
  MyConversations: ['persona'],
  UploadAvatarModel: ['persona'],
  PersonaAvatar: ['persona'],
  WeeklyReport: ['persona'],
  StudentProgress: ['persona', 'identity'],
  RecordManualPayment: ['identity'],
};

/** The client-facing (API) schema of the checked-in supergraph. */
export function apiSchema(): GraphQLSchema {
  const sdl = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
}
