import express from 'express';
import jwt from 'jsonwebtoken';
import type { TokenVerifier } from '../../internal/auth/verifier.js';
import { Unauthenticated } from '../../internal/errors.js';
import { authenticateConnection, clientIpOf, ConnectionRefused } from './connection.js';

const claims = { sub: 'u1', org: 'o1', role: 'STUDENT' as const, email: 'a@b.rw' };
const verifier = (verify: TokenVerifier['verify']): TokenVerifier => ({ verify });
const accepts = verifier(async () => claims);
const token = jwt.sign({ exp: 2_000_000_000 }, 'secret'); // shape only: the fake verifier decides validity

const refusal = async (params: Record<string, unknown>, v: TokenVerifier = accepts) => {
  const err = await authenticateConnection(params, v).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectionRefused);
  return { code: (err as ConnectionRefused).code, reason: (err as ConnectionRefused).reason };
};

test('no authorization is an anonymous connection', async () => {
  for (const params of [undefined, {}, { authorization: '' }, { authorization: null }]) {
    expect(await authenticateConnection(params, accepts)).toEqual({ authorization: undefined, claims: null, expiresAt: null });
  }
});

test('a valid bearer token gives the claims and when the token expires', async () => {
  expect(await authenticateConnection({ authorization: `Bearer ${token}` }, accepts)).toEqual({
    authorization: `Bearer ${token}`,
    claims,
    expiresAt: 2_000_000_000_000,
  });
  expect((await authenticateConnection({ Authorization: `Bearer ${token}` }, accepts)).claims).toEqual(claims);
});

test('malformed, invalid and unverifiable authorizations refuse the connection with a code and a reason', async () => {
  expect(await refusal({ authorization: ['Bearer x'] })).toEqual({ code: 4400, reason: 'connectionParams.authorization must be a string "Bearer <token>"' });
  expect(await refusal({ authorization: `Basic ${token}` })).toMatchObject({ code: 4401, reason: expect.stringMatching(/Malformed/) });
  expect(await refusal({ authorization: `Bearer ${token}` }, verifier(async () => Promise.reject(Unauthenticated('Access token expired'))))).toEqual({
    code: 4401,
    reason: 'Access token expired',
  });
  expect(await refusal({ authorization: `Bearer ${token}` }, verifier(async () => Promise.reject(new Error('JWKS down'))))).toEqual({
    code: 1011,
    reason: 'Authentication is temporarily unavailable',
  });
});

test("the client's address follows express's trust proxy setting, as over HTTP", () => {
  const app = express();
  app.set('trust proxy', 'loopback');
  const request = (remoteAddress: string) => ({ headers: { 'x-forwarded-for': '41.186.1.2' }, socket: { remoteAddress } }) as never;
  expect(clientIpOf(app, request('127.0.0.1'))).toBe('41.186.1.2');
  expect(clientIpOf(app, request('8.8.8.8'))).toBe('8.8.8.8');
});
