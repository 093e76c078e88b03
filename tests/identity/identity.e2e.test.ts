import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import jwt from 'jsonwebtoken';
import path from 'node:path';
import pg from 'pg';
import { Stack } from '../support/stack.js';
import { addMember, codes, REGISTER, registerAdmin, STRONG_PASSWORD, uniqueEmail } from '../support/client.js';
import { testRun } from '../support/test-env.js';

const ME = `query { me { id email name role organization { id name } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken expiresIn user { id role } } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn } }`;
const LOGOUT = `mutation($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;
const MEMBERS = `query($first: Int, $after: String) { members(first: $first, after: $after) { edges { cursor node { id email role } } pageInfo { hasNextPage endCursor } } }`;
const INVITE = `mutation($email: String!, $role: Role!) { inviteMember(email: $email, role: $role) { id email role token expiresAt } }`;
const ACCEPT = `mutation($token: String!, $name: String!, $password: String!) { acceptInvitation(token: $token, name: $name, password: $password) { accessToken user { id role organization { id } } } }`;

let stack: Stack;
let db: pg.Client;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity'], workers: [] });
  db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

describe('register and sign in', () => {
  test('register creates the organization with its first user as ADMIN, and the token works through the gateway', async () => {
    const email = uniqueEmail('founder');
    const data = await stack.client().ok(REGISTER, { input: { name: 'Gabriel', email, password: STRONG_PASSWORD, orgName: 'Lycée de Kigali' } });
    const { accessToken, refreshToken, expiresIn, user } = data.register;
    expect(user).toMatchObject({ email, name: 'Gabriel', role: 'ADMIN', organization: { name: 'Lycée de Kigali' } });
    expect(expiresIn).toBe(1800);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const me = await stack.client(accessToken).ok(ME);
    expect(me.me).toEqual({ id: user.id, email, name: 'Gabriel', role: 'ADMIN', organization: user.organization });
  });

  test('the access token is an RS256 JWT whose key is published at /.well-known/jwks.json', async () => {
    const admin = await registerAdmin(stack.client());
    const header = JSON.parse(Buffer.from(admin.token.split('.')[0]!, 'base64url').toString());
    const jwks = (await (await fetch(`${stack.url('identity')}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(jwks.keys[0]).not.toHaveProperty('d'); // never the private part
  });

  test('login with the right password returns a session; e-mail is case-insensitive', async () => {
    const admin = await registerAdmin(stack.client());
    const data = await stack.client().ok(LOGIN, { email: admin.email.toUpperCase(), password: admin.password });
    expect(data.login.user).toEqual({ id: admin.userId, role: 'ADMIN' });
  });

  test('wrong password and unknown e-mail get the same error', async () => {
    const admin = await registerAdmin(stack.client());
    const wrong = await stack.client().request(LOGIN, { email: admin.email, password: 'Not-the-password-1' });
    const unknown = await stack.client().request(LOGIN, { email: uniqueEmail('nobody'), password: 'Not-the-password-1' });
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(codes(unknown)).toEqual(['UNAUTHENTICATED']);
  });

  test.each([
    ['too short', () => 'Short-1'],
    ['one character class', () => 'alllowercaseletters'],
    ['contains the e-mail', (email: string) => `${email.split('@')[0]}-X`],
  ])('a weak password (%s) is refused and nothing is written', async (_case, passwordFor) => {
    const email = uniqueEmail('weakling');
    const password = passwordFor(email);
    const orgName = `Weak ${email}`;
    const res = await stack.client().request(REGISTER, { input: { name: 'W', email, password, orgName } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('password');
    const rows = await db.query('SELECT 1 FROM identity_organizations WHERE name = $1', [orgName]);
    expect(rows.rowCount).toBe(0);
  });

  test('a duplicate e-mail is refused and leaves no half-created organization', async () => {
    const admin = await registerAdmin(stack.client());
    const orgName = `Duplicate ${Date.now()}`;
    const res = await stack.client().request(REGISTER, { input: { name: 'Twin', email: admin.email, password: STRONG_PASSWORD, orgName } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.reason).toBe('EMAIL_TAKEN');
    expect((await db.query('SELECT 1 FROM identity_organizations WHERE name = $1', [orgName])).rowCount).toBe(0);
  });

  test('register without orgName or invitation, or with a malformed e-mail, is bad input', async () => {
    const none = await stack.client().request(REGISTER, { input: { name: 'X', email: uniqueEmail(), password: STRONG_PASSWORD } });
    const badMail = await stack.client().request(REGISTER, { input: { name: 'X', email: 'not-an-email', password: STRONG_PASSWORD, orgName: 'X' } });
    expect([codes(none), codes(badMail)]).toEqual([['BAD_USER_INPUT'], ['BAD_USER_INPUT']]);
  });

  test('repeated failed logins for one e-mail are throttled, even with the right password afterwards', async () => {
    const admin = await registerAdmin(stack.client());
    for (let i = 0; i < 5; i++) {
      expect(codes(await stack.client().request(LOGIN, { email: admin.email, password: `Wrong-password-${i}` }))).toEqual(['UNAUTHENTICATED']);
    }
    const blocked = await stack.client().request(LOGIN, { email: admin.email, password: admin.password });
    expect(codes(blocked)).toEqual(['RATE_LIMITED']);
    expect(blocked.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('refresh tokens', () => {
  test('rotate: the new pair works and the old refresh token stops working', async () => {
    const admin = await registerAdmin(stack.client());
    const rotated = (await stack.client().ok(REFRESH, { refreshToken: admin.refreshToken })).refreshToken;
    expect(rotated.refreshToken).not.toBe(admin.refreshToken);
    await stack.client(rotated.accessToken).ok(ME);
    const again = (await stack.client().ok(REFRESH, { refreshToken: rotated.refreshToken })).refreshToken;
    expect(again.accessToken).toBeTruthy();
  });

  test('presenting a rotated token again revokes the whole family', async () => {
    const admin = await registerAdmin(stack.client());
    const rotated = (await stack.client().ok(REFRESH, { refreshToken: admin.refreshToken })).refreshToken;
    const reuse = await stack.client().request(REFRESH, { refreshToken: admin.refreshToken });
    expect(codes(reuse)).toEqual(['UNAUTHENTICATED']);
    // the thief's use also killed the legitimate newest token
    expect(codes(await stack.client().request(REFRESH, { refreshToken: rotated.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  test('two concurrent rotations of one token: at most one wins and the family is revoked', async () => {
    const admin = await registerAdmin(stack.client());
    const results = await Promise.all([1, 2].map(() => stack.client().request(REFRESH, { refreshToken: admin.refreshToken })));
    const winners = results.filter((r) => !r.errors);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const w of winners) {
      expect(codes(await stack.client().request(REFRESH, { refreshToken: w.data.refreshToken.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    }
  });

  test('logout ends the login; an unknown token is refused on refresh', async () => {
    const admin = await registerAdmin(stack.client());
    expect((await stack.client().ok(LOGOUT, { refreshToken: admin.refreshToken })).logout).toBe(true);
    expect(codes(await stack.client().request(REFRESH, { refreshToken: admin.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await stack.client().request(REFRESH, { refreshToken: 'made-up-token' }))).toEqual(['UNAUTHENTICATED']);
  });

  test('an expired refresh token is refused', async () => {
    const admin = await registerAdmin(stack.client());
    await db.query(`UPDATE identity_refresh_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [admin.userId]);
    const res = await stack.client().request(REFRESH, { refreshToken: admin.refreshToken });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0]!.message).toMatch(/expired/);
  });
});

describe('invitations and members', () => {
  test('an ADMIN invites; the invitee joins the organization with the invited role', async () => {
    const admin = await registerAdmin(stack.client());
    const email = uniqueEmail('teacher');
    const invitation = (await admin.client.ok(INVITE, { email, role: 'TEACHER' })).inviteMember;
    expect(invitation).toMatchObject({ email, role: 'TEACHER' });
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const accepted = (await stack.client().ok(ACCEPT, { token: invitation.token, name: 'Tina Teacher', password: STRONG_PASSWORD })).acceptInvitation;
    expect(accepted.user).toMatchObject({ role: 'TEACHER', organization: { id: admin.orgId } });
  });

  test('register with an invitation token joins the inviting organization', async () => {
    const admin = await registerAdmin(stack.client());
    const email = uniqueEmail('student');
    const { token } = (await admin.client.ok(INVITE, { email, role: 'STUDENT' })).inviteMember;
    const data = await stack.client().ok(REGISTER, { input: { name: 'Sam', email, password: STRONG_PASSWORD, invitationToken: token } });
    expect(data.register.user).toMatchObject({ role: 'STUDENT', organization: { id: admin.orgId } });
  });

  test('an invitation works once', async () => {
    const admin = await registerAdmin(stack.client());
    const { token } = (await admin.client.ok(INVITE, { email: uniqueEmail(), role: 'STUDENT' })).inviteMember;
    await stack.client().ok(ACCEPT, { token, name: 'First', password: STRONG_PASSWORD });
    const second = await stack.client().request(ACCEPT, { token, name: 'Second', password: STRONG_PASSWORD });
    expect(codes(second)).toEqual(['BAD_USER_INPUT']);
  });

  test('an expired invitation is refused and creates no user', async () => {
    const admin = await registerAdmin(stack.client());
    const email = uniqueEmail('late');
    const { id, token } = (await admin.client.ok(INVITE, { email, role: 'STUDENT' })).inviteMember;
    await db.query(`UPDATE identity_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(codes(await stack.client().request(ACCEPT, { token, name: 'Late', password: STRONG_PASSWORD }))).toEqual(['BAD_USER_INPUT']);
    expect((await db.query('SELECT 1 FROM identity_users WHERE email = $1', [email])).rowCount).toBe(0);
  });

  test('a newer invitation to the same e-mail replaces the older one', async () => {
    const admin = await registerAdmin(stack.client());
    const email = uniqueEmail();
    const first = (await admin.client.ok(INVITE, { email, role: 'STUDENT' })).inviteMember;
    await admin.client.ok(INVITE, { email, role: 'TEACHER' });
    expect(codes(await stack.client().request(ACCEPT, { token: first.token, name: 'Old', password: STRONG_PASSWORD }))).toEqual(['BAD_USER_INPUT']);
  });

  test('a STUDENT or TEACHER cannot invite; an anonymous caller is unauthenticated', async () => {
    const admin = await registerAdmin(stack.client());
    const student = await addMember(admin, 'STUDENT');
    const teacher = await addMember(admin, 'TEACHER');
    expect(codes(await student.client.request(INVITE, { email: uniqueEmail(), role: 'ADMIN' }))).toEqual(['FORBIDDEN']);
    expect(codes(await teacher.client.request(INVITE, { email: uniqueEmail(), role: 'STUDENT' }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.client().request(INVITE, { email: uniqueEmail(), role: 'STUDENT' }))).toEqual(['UNAUTHENTICATED']);
  });

  test("members lists only the caller's organization, page by page", async () => {
    const orgA = await registerAdmin(stack.client());
    const orgB = await registerAdmin(stack.client());
    const a1 = await addMember(orgA, 'TEACHER');
    const a2 = await addMember(orgA, 'STUDENT');
    await addMember(orgB, 'STUDENT');
    const page1 = (await orgA.client.ok(MEMBERS, { first: 2 })).members;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await orgA.client.ok(MEMBERS, { first: 2, after: page1.pageInfo.endCursor })).members;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual([orgA.userId, a1.userId, a2.userId]);
    const bIds = (await orgB.client.ok(MEMBERS, { first: 50 })).members.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(bIds).not.toEqual(expect.arrayContaining([orgA.userId]));
    expect(bIds).toHaveLength(2);
  });

  test('members refuses students, bad page sizes and forged cursors', async () => {
    const admin = await registerAdmin(stack.client());
    const student = await addMember(admin, 'STUDENT');
    expect(codes(await student.client.request(MEMBERS, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await admin.client.request(MEMBERS, { first: 1000 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await admin.client.request(MEMBERS, { after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('access tokens', () => {
  const privateKeyPem = () => readFile(path.join(testRun().dataDir, 'keys', 'jwt-private.pem'), 'utf8');
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each([
    ['malformed', 'Bearer not-a-jwt'],
    ['not bearer', 'Basic dXNlcjpwYXNz'],
    ['alg none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', org: 'y', role: 'ADMIN', email: 'a@b.c', iss: 'bwenge-identity', aud: 'bwenge' })}.`],
  ])('a %s token is refused with 401 before any subgraph runs', async (_case, authorization) => {
    const res = await stack.client().request(ME, {}, { authorization });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  test('an expired token and a token signed by another key are refused', async () => {
    const admin = await registerAdmin(stack.client());
    const kid = JSON.parse(Buffer.from(admin.token.split('.')[0]!, 'base64url').toString()).kid;
    const claims = { org: admin.orgId, role: 'ADMIN', email: admin.email };
    const options = { algorithm: 'RS256' as const, keyid: kid, subject: admin.userId, issuer: 'bwenge-identity', audience: 'bwenge' };
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, await privateKeyPem(), options);
    const forged = jwt.sign(claims, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { ...options, expiresIn: 600 });
    for (const token of [expired, forged]) {
      const res = await stack.client(token).request(ME);
      expect([res.status, codes(res)]).toEqual([401, ['UNAUTHENTICATED']]);
    }
  });

  test('a subgraph called directly also verifies the token itself', async () => {
    const res = await fetch(`${stack.url('identity')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer a.b.c' },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
