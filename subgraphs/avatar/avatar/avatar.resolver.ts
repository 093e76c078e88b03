import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ANIMATION_HINTS } from '../../../internal/animation-hints.js';
import { claimsOf } from '../../../internal/graphql/context.js';
import { GraphQLUpload, type FileUpload } from '../../../internal/server/uploads.js';
import type { AvatarContext } from '../context.js';
import type { AvatarPresenter } from './avatar.presenter.js';
import { AnimationMappingInput, Avatar } from './avatar.type.js';
import type { AvatarUploader } from './avatar-uploader.js';

@Resolver()
export class AvatarResolver {
  constructor(
    private readonly uploader: AvatarUploader,
    private readonly presenter: AvatarPresenter,
  ) {}

  @Query(() => [String], { description: 'The fixed vocabulary of animation hints answers carry and avatars map to clips' })
  animationHints(): readonly string[] {
    return ANIMATION_HINTS;
  }

  @Mutation(() => Avatar, {
    nullable: true,
    description: "ADMIN or TEACHER of the persona's organization. A .glb or a .gltf with embedded data: URIs; becomes the persona's next avatar version",
  })
  async uploadAvatarModel(
    @Arg('personaId', () => ID) personaId: string,
    @Arg('file', () => GraphQLUpload) file: Promise<FileUpload>,
    @Arg('animationMap', () => [AnimationMappingInput], { nullable: true }) animationMap: AnimationMappingInput[] | null,
    @Ctx() ctx: AvatarContext,
  ): Promise<Avatar> {
    const model = await this.uploader.upload({ claims: claimsOf(ctx), token: ctx.token, personaId, file, animationMap: animationMap ?? [] });
    ctx.loaders.currentModel.clear(personaId);
    return this.presenter.present(model);
  }
}
