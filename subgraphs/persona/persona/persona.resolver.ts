import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { ConnectionType, PageArgs, pageSize, toConnection } from '../../../internal/graphql/connection.js';
import type { PersonaContext } from '../context.js';
import { CreatePersonaInput, UpdatePersonaInput } from './persona.input.js';
import type { PersonaService } from './persona.service.js';
import { Persona } from './persona.type.js';

export const PersonaConnection = ConnectionType('Persona', Persona);

@Resolver(() => Persona)
export class PersonaResolver {
  constructor(private readonly service: PersonaService) {}

  @Query(() => Persona, { nullable: true, description: 'A live persona of your organization; null when there is none with this id' })
  async persona(@Arg('id', () => ID) id: string, @Ctx() ctx: PersonaContext) {
    const persona = await ctx.loaders.persona.load(id);
    return persona && persona.orgId === claimsOf(ctx).org && !persona.deletedAt ? persona : null;
  }

  @Query(() => PersonaConnection, { nullable: true, description: "Your organization's personas, oldest first (deleted ones left out)" })
  async personas(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: PersonaContext) {
    const size = pageSize(first);
    const rows = await this.service.listPage(claimsOf(ctx).org, size, after);
    for (const row of rows) ctx.loaders.persona.prime(row.id, row);
    return toConnection(rows, size);
  }

  @Mutation(() => Persona, { nullable: true, description: 'ADMIN or TEACHER' })
  createPersona(@Arg('input', () => CreatePersonaInput) input: CreatePersonaInput, @Ctx() ctx: PersonaContext) {
    return this.service.create(claimsOf(ctx), input);
  }

  @Mutation(() => Persona, { nullable: true, description: 'ADMIN or TEACHER; a deleted persona cannot be changed' })
  updatePersona(@Arg('id', () => ID) id: string, @Arg('input', () => UpdatePersonaInput) input: UpdatePersonaInput, @Ctx() ctx: PersonaContext) {
    return this.service.update(claimsOf(ctx), id, input);
  }

  @Mutation(() => Boolean, {
    nullable: true,
    description: 'ADMIN or TEACHER. Soft delete: conversations keep showing the persona, read-only; it no longer answers',
  })
  deletePersona(@Arg('id', () => ID) id: string, @Ctx() ctx: PersonaContext) {
    return this.service.softDelete(claimsOf(ctx), id);
  }
}
