import { SafeIntResolver } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { KnowledgeSourceKind, KnowledgeSourceStatus } from '../../../internal/db/generated/enums.js';
import { Persona } from '../persona/persona.type.js';

registerEnumType(KnowledgeSourceKind, {
  name: 'KnowledgeSourceKind',
  description: 'What the file is, from its bytes: PDF, DOCX, PPTX, TEXT, MARKDOWN, IMAGE (OCR), AUDIO, VIDEO (transcribed)',
});
registerEnumType(KnowledgeSourceStatus, {
  name: 'KnowledgeSourceStatus',
  description: 'PENDING (queued) → PROCESSING (progress 0..1) → READY (searchable) or FAILED (see error)',
});
export { KnowledgeSourceKind, KnowledgeSourceStatus };

@Directive('@key(fields: "id")')
@ObjectType({ description: "A file of a persona's course material and where its ingestion stands" })
export class KnowledgeSource {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => KnowledgeSourceKind)
  kind!: KnowledgeSourceKind;

  @Field(() => String, { description: 'MIME type detected from the bytes' })
  mimeType!: string;

  @Field(() => SafeIntResolver)
  sizeBytes!: number;

  @Field(() => KnowledgeSourceStatus)
  status!: KnowledgeSourceStatus;

  @Field(() => Float, { description: '0..1 while PROCESSING; 1 when READY' })
  progress!: number;

  @Field(() => Int, { description: 'searchable chunks (0 until READY)' })
  chunkCount!: number;

  @Field(() => String, { nullable: true, description: 'why it FAILED, in words a teacher can act on' })
  error!: string | null;

  @Field(() => Int, { nullable: true, description: 'pages, slides or images read (null until READY)' })
  units!: number | null;

  @Field(() => String, { nullable: true, description: 'embedding model of its vectors; a source of another model than the current one is searched by keywords until reindexed' })
  embeddingModel!: string | null;

  @Field(() => Int, { nullable: true })
  embeddingDimension!: number | null;

  @Field(() => Persona, { nullable: true, description: 'null when the persona was deleted' })
  persona!: Persona;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}
