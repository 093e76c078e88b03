import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AvatarPresenter } from '../avatar/avatar.presenter.js';
import { Avatar } from '../avatar/avatar.type.js';
import type { AvatarContext } from '../context.js';
import { Persona } from './persona.type.js';

@Resolver(() => Persona)
export class PersonaAvatarResolver {
  constructor(private readonly presenter: AvatarPresenter) {}

  @FieldResolver(() => Avatar, { nullable: true, description: "The persona's 3D avatar: its uploaded model, or the default one" })
  async avatar(@Root() persona: Persona, @Ctx() ctx: AvatarContext): Promise<Avatar | null> {
    if (!ctx.claims) return null;
    const model = await ctx.loaders.currentModel.load(persona.id);
    if (model && model.orgId !== ctx.claims.org) return null;
    return this.presenter.present(model);
  }
}
