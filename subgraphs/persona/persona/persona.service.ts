import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput, NotFound } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import { keysetAfter, keysetOrder } from '../../../internal/graphql/connection.js';
import type { Persona as PersonaRow } from '../../../internal/db/generated/client.js';
import type { PersonaDb } from '../db.js';
import type { CreatePersonaInput, UpdatePersonaInput } from './persona.input.js';
import type { Persona } from './persona.type.js';
import { createData, isUuid, updateData } from './persona.validation.js';

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A database row as the GraphQL Persona. */
export function toPersona(row: PersonaRow): Persona {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    description: row.description,
    tone: row.tone,
    rules: stringList(row.rules),
    safetyRules: stringList(row.safetyRules),
    samplePrompts: stringList(row.samplePrompts),
    llm: { provider: row.llmProvider, model: row.llmModel, temperature: row.llmTemperature, maxTokens: row.llmMaxTokens },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export class PersonaService {
  constructor(
    private readonly db: PersonaDb,
    private readonly events: EventPublisher,
  ) {}

  /** Any persona by id, deleted or not, of any organization: callers check the tenant. */
  async findByIds(ids: readonly string[]): Promise<Persona[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.db.persona.findMany({ where: { id: { in: valid } } });
    return rows.map(toPersona);
  }

  /** One page of the organization's live personas, oldest first; one extra row tells if more follow. */
  async listPage(orgId: string, size: number, after: string | null | undefined): Promise<Persona[]> {
    const rows = await this.db.persona.findMany({
      where: { orgId, deletedAt: null, ...keysetAfter(after) },
      orderBy: keysetOrder(),
      take: size + 1,
    });
    return rows.map(toPersona);
  }

  async create(author: Claims, input: CreatePersonaInput): Promise<Persona> {
    const data = createData(input);
    const row = await this.db.persona.create({ data: { ...data, orgId: author.org, createdById: author.sub } });
    await this.events.publish({ type: 'persona_created', orgId: author.org, userId: author.sub, payload: { personaId: row.id, name: row.name } });
    return toPersona(row);
  }

  /** Updates a live persona of the caller's organization; anything else is NOT_FOUND. */
  async update(caller: Claims, id: string, input: UpdatePersonaInput): Promise<Persona> {
    const data = updateData(input);
    if (!isUuid(id)) throw NotFound('Persona');
    // the tenant and liveness check and the write are one statement: no window between them
    const { count } = await this.db.persona.updateMany({ where: { id, orgId: caller.org, deletedAt: null }, data });
    if (count !== 1) throw NotFound('Persona');
    return toPersona(await this.db.persona.findUniqueOrThrow({ where: { id } }));
  }

  /** The live persona of the caller's organization that should answer; a deleted one is refused by name. */
  async requireAnswering(caller: Claims, id: string): Promise<Persona> {
    const [persona] = await this.findByIds([id]);
    if (!persona || persona.orgId !== caller.org) throw NotFound('Persona');
    if (persona.deletedAt) {
      throw BadInput('This persona was deleted and no longer answers questions', { field: 'personaId', reason: 'PERSONA_DELETED' });
    }
    return persona;
  }

  /** Soft delete; deleting twice, or another organization's persona, is NOT_FOUND. */
  async softDelete(caller: Claims, id: string): Promise<boolean> {
    if (!isUuid(id)) throw NotFound('Persona');
    const { count } = await this.db.persona.updateMany({ where: { id, orgId: caller.org, deletedAt: null }, data: { deletedAt: new Date() } });
    if (count !== 1) throw NotFound('Persona');
    return true;
  }
}
