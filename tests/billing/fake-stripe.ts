import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** the form-encoded body, flat: `line_items[0][price_data][unit_amount]` → '2900' */
  form: Record<string, string>;
}

export interface FakeStripe {
  url: string;
  requests: StripeRequest[];
  /** the next `times` answers to `path` are this error instead */
  failNext(path: string, status: number, error: { type: string; message: string; code?: string }, times?: number): void;
  close(): Promise<void>;
}

const PERIOD_END = 1_900_000_000;

/**
 * A local HTTP server speaking the part of Stripe's REST wire format that
 * billing uses: form-encoded requests, JSON objects with `object` and `id`,
 * and Stripe's `{ error: { type, message } }` answers.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: StripeRequest[] = [];
  const failures = new Map<string, { status: number; error: object; times: number }>();
  let counter = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push({ method: req.method ?? '', path, headers: req.headers, form });
      const send = (status: number, payload: object) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++counter}` });
        res.end(JSON.stringify(payload));
      };
      const failure = failures.get(path);
      if (failure) {
        if (--failure.times === 0) failures.delete(path);
        return send(failure.status, { error: failure.error });
      }
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = `cs_test_${++counter}`;
        return send(200, { id, object: 'checkout.session', mode: form.mode, url: `https://checkout.stripe.com/c/pay/${id}`, client_reference_id: form.client_reference_id, metadata: {} });
      }
      const subscription = /^\/v1\/subscriptions\/([\w]+)$/.exec(path);
      if (req.method === 'POST' && subscription) {
        return send(200, {
          id: subscription[1],
          object: 'subscription',
          status: 'active',
          cancel_at_period_end: form.cancel_at_period_end === 'true',
          customer: 'cus_fake',
          metadata: {},
          items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', current_period_end: PERIOD_END, price: { id: 'price_1', currency: 'usd', unit_amount: 2900 } }] },
        });
      }
      send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (path, status, error, times = 1) => void failures.set(path, { status, error, times }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const FAKE_PERIOD_END = new Date(PERIOD_END * 1000);
