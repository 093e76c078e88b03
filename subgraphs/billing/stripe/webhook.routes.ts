import express, { type Express } from 'express';
import type { Logger } from '../../../internal/logger.js';
import type { StripeEventService } from './stripe-events.service.js';
import { verifyWebhook } from './stripe.api.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

const fail = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * POST /webhooks/stripe. The signature is computed by Stripe over the exact
 * bytes it sent, so this route reads the raw body (no JSON parser runs
 * before it). 400: bad or missing signature; 500: handling failed and
 * nothing was recorded, so Stripe's retry applies it later; 200 otherwise,
 * duplicates included.
 */
export function mountStripeWebhook(app: Express, secret: string | undefined, events: StripeEventService, log: Logger): void {
  app.post(STRIPE_WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    if (!secret) {
      res.status(503).json(fail('STRIPE_NOT_CONFIGURED', 'Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)'));
      return;
    }
    let event;
    try {
      event = verifyWebhook(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.header('stripe-signature'), secret);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'stripe webhook with a bad signature');
      res.status(400).json(fail('BAD_SIGNATURE', 'Webhook signature verification failed'));
      return;
    }
    try {
      res.json({ received: true, outcome: await events.handle(event) });
    } catch (err) {
      log.error({ err, eventId: event.id, type: event.type }, 'stripe event failed; Stripe will retry it');
      res.status(500).json(fail('INTERNAL_SERVER_ERROR', 'Event not processed; retry later'));
    }
  });
}
