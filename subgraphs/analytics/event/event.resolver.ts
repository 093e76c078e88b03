import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { AnalyticsContext } from '../context.js';
import { clientEvent } from './client-event.js';
import type { EventService } from './event.service.js';
import { TrackEventInput } from './event.type.js';

@Resolver()
export class EventResolver {
  constructor(
    private readonly events: EventService,
    private readonly maxPayloadBytes: number,
  ) {}

  /**
   * Written straight to the events table (not through the queue) so the
   * caller learns whether it was stored. Attributed to the token's org and
   * user, never to ids in the payload.
   */
  @Mutation(() => Boolean, { nullable: true, description: 'Records a client event for the signed-in user' })
  async trackEvent(@Arg('input', () => TrackEventInput) input: TrackEventInput, @Ctx() ctx: AnalyticsContext) {
    const claims = claimsOf(ctx);
    const event = clientEvent(input.type, input.payload, this.maxPayloadBytes);
    await this.events.record({
      id: randomUUID(),
      orgId: claims.org,
      userId: claims.sub,
      type: event.type,
      occurredAt: new Date(),
      payload: event.payload,
      personaId: null,
      subjectId: null,
      messageRole: null,
    });
    return true;
  }
}
