import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { NotFound } from '../../../internal/errors.js';
import { GraphQLUpload, type FileUpload } from '../../../internal/server/uploads.js';
import type { KnowledgeContext } from '../context.js';
import { Persona } from '../persona/persona.type.js';
import type { SourceAdmin } from './source-admin.js';
import type { SourceUploader } from './source-uploader.js';
import { KnowledgeSource } from './source.type.js';
import { toView } from './source.view.js';

@Resolver(() => KnowledgeSource)
export class SourceResolver {
  constructor(
    private readonly uploader: SourceUploader,
    private readonly admin: SourceAdmin,
  ) {}

  @Query(() => KnowledgeSource, { nullable: true, description: 'A source of your organization' })
  async knowledgeSource(@Arg('id', () => ID) id: string, @Ctx() ctx: KnowledgeContext): Promise<KnowledgeSource | null> {
    claimsOf(ctx);
    const row = await ctx.loaders.source.load(id);
    return row ? toView(row) : null;
  }

  @Query(() => [KnowledgeSource], { nullable: true, description: "A persona's sources, newest first (empty for a persona of another organization)" })
  async knowledgeSources(@Arg('personaId', () => ID) personaId: string, @Ctx() ctx: KnowledgeContext): Promise<KnowledgeSource[]> {
    claimsOf(ctx);
    return (await ctx.loaders.sourcesByPersona.load(personaId)).map(toView);
  }

  @Mutation(() => KnowledgeSource, {
    nullable: true,
    description: "ADMIN or TEACHER of the persona's organization. Stores the file and queues its ingestion; returns at once with status PENDING",
  })
  async uploadKnowledge(
    @Arg('personaId', () => ID) personaId: string,
    @Arg('file', () => GraphQLUpload) file: Promise<FileUpload>,
    @Arg('title', () => String, { nullable: true }) title: string | null,
    @Ctx() ctx: KnowledgeContext,
  ): Promise<KnowledgeSource> {
    const row = await this.uploader.upload({ claims: claimsOf(ctx), token: ctx.token, personaId, file, title });
    return toView(row);
  }

  @Mutation(() => Boolean, { nullable: true, description: 'ADMIN or TEACHER. Removes the file, its chunks and vectors, and gives its storage back' })
  deleteKnowledgeSource(@Arg('id', () => ID) id: string, @Ctx() ctx: KnowledgeContext): Promise<boolean> {
    return this.admin.delete(claimsOf(ctx), ctx.token, id);
  }

  @Mutation(() => KnowledgeSource, { nullable: true, description: 'ADMIN or TEACHER. Ingests the file again with the current embedding model' })
  async reindexKnowledgeSource(@Arg('id', () => ID) id: string, @Ctx() ctx: KnowledgeContext): Promise<KnowledgeSource> {
    return toView(await this.admin.reindex(claimsOf(ctx), id));
  }

  @Subscription(() => KnowledgeSource, {
    description: 'The source now, then every change of status or progress',
    subscribe: async ({ args, context }) => {
      const ctx = context as KnowledgeContext;
      const claims = claimsOf(ctx);
      const source = await ctx.progress.find(claims.org, args.id as string);
      if (!source) throw NotFound('Knowledge source');
      return ctx.progress.open(claims.org, source);
    },
  })
  knowledgeSourceProgress(@Root() event: KnowledgeSource, @Arg('id', () => ID) _id: string): KnowledgeSource {
    return event;
  }

  @FieldResolver(() => Persona)
  persona(@Root() source: KnowledgeSource): Persona {
    return { id: source.persona.id };
  }
}
