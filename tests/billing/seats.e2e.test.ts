import { addMember, codes, registerAdmin, STRONG_PASSWORD, uniqueEmail, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { billingOf, connectDb } from './billing-helpers.js';

const INVITE = `mutation($email: String!, $role: Role!) { inviteMember(email: $email, role: $role) { id email token } }`;
const ACCEPT = `mutation($token: String!, $name: String!, $password: String!) { acceptInvitation(token: $token, name: $name, password: $password) { user { id } } }`;

let stack: Stack;
let db: Awaited<ReturnType<typeof connectDb>>;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'billing'], workers: [] });
  db = await connectDb();
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

const invite = (admin: Session, email = uniqueEmail('invitee')) => admin.client.request(INVITE, { email, role: 'STUDENT' });
const seatsUsed = async (admin: Session) => (await billingOf(admin)).usage.seatsUsed as number;

/** What identity holds: members plus invitations neither accepted, revoked nor expired. */
async function membersAndPending(orgId: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM identity_users WHERE org_id = $1)
          + (SELECT count(*) FROM identity_invitations WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS n`,
    [orgId],
  );
  return Number(rows[0].n);
}

describe('seats: members plus pending invitations', () => {
  test('the founding ADMIN holds the first seat; accepting an invitation keeps its seat', async () => {
    const admin = await registerAdmin(stack.client());
    expect(await seatsUsed(admin)).toBe(1);
    await addMember(admin, 'TEACHER');
    expect(await seatsUsed(admin)).toBe(2);
    expect(await membersAndPending(admin.orgId)).toBe(2);
  });

  test('inviteMember beyond the seat limit is QUOTA_EXCEEDED naming the plan that lifts it, and leaves no invitation', async () => {
    const admin = await registerAdmin(stack.client());
    for (let i = 0; i < 4; i++) expect(codes(await invite(admin))).toEqual([]);
    expect(await seatsUsed(admin)).toBe(5); // free plan: 5 seats
    const email = uniqueEmail('sixth');
    const refused = await invite(admin, email);
    expect(codes(refused)).toEqual(['QUOTA_EXCEEDED']);
    expect(refused.errors![0]!.extensions).toMatchObject({ limit: 'seats', plan: 'free', upgradePlan: 'basic' });
    expect(refused.errors![0]!.message).toMatch(/Free plan's seat limit \(5 seats\).*Basic plan allows 25 seats/);
    expect((await db.query('SELECT 1 FROM identity_invitations WHERE email = $1', [email])).rowCount).toBe(0);
    expect(await seatsUsed(admin)).toBe(5);
  });

  test('at the limit, inviting a pending invitee again hands the seat over; the old token stops working', async () => {
    const admin = await registerAdmin(stack.client());
    const email = uniqueEmail('again');
    const first = (await admin.client.ok(INVITE, { email, role: 'STUDENT' })).inviteMember;
    for (let i = 0; i < 3; i++) await admin.client.ok(INVITE, { email: uniqueEmail(), role: 'STUDENT' });
    const second = (await admin.client.ok(INVITE, { email, role: 'TEACHER' })).inviteMember;
    expect(await seatsUsed(admin)).toBe(5);
    expect(codes(await stack.client().request(ACCEPT, { token: first.token, name: 'Old', password: STRONG_PASSWORD }))).toEqual(['BAD_USER_INPUT']);
    await stack.client().ok(ACCEPT, { token: second.token, name: 'New', password: STRONG_PASSWORD });
    expect(await seatsUsed(admin)).toBe(5);
    expect(await membersAndPending(admin.orgId)).toBe(5);
  });

  test('a replaced invitation gives its seat back below the limit too', async () => {
    const admin = await registerAdmin(stack.client());
    const email = uniqueEmail('twice');
    await admin.client.ok(INVITE, { email, role: 'STUDENT' });
    await admin.client.ok(INVITE, { email, role: 'STUDENT' });
    expect(await seatsUsed(admin)).toBe(2);
  });

  test('an expired invitation frees its seat at the next invitation', async () => {
    const admin = await registerAdmin(stack.client());
    const invited: string[] = [];
    for (let i = 0; i < 4; i++) invited.push((await admin.client.ok(INVITE, { email: uniqueEmail(), role: 'STUDENT' })).inviteMember.id);
    expect(codes(await invite(admin))).toEqual(['QUOTA_EXCEEDED']);
    await db.query(`UPDATE identity_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [invited[0]]);
    expect(codes(await invite(admin))).toEqual([]);
    expect(await seatsUsed(admin)).toBe(5);
    expect(await membersAndPending(admin.orgId)).toBe(5);
  });

  test('concurrent invitations for the last seat: exactly one wins and the count stays exact', async () => {
    const admin = await registerAdmin(stack.client());
    for (let i = 0; i < 3; i++) await admin.client.ok(INVITE, { email: uniqueEmail(), role: 'STUDENT' });
    const results = await Promise.all(Array.from({ length: 6 }, () => invite(admin)));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => codes(r)[0] === 'QUOTA_EXCEEDED').length).toBe(5);
    expect(await seatsUsed(admin)).toBe(5);
    expect(await membersAndPending(admin.orgId)).toBe(5);
  });

  test('an invitation refused for another reason takes no seat', async () => {
    const admin = await registerAdmin(stack.client());
    expect(codes(await invite(admin, admin.email))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await invite(admin, 'not-an-email'))).toEqual(['BAD_USER_INPUT']);
    expect(await seatsUsed(admin)).toBe(1);
  });
});
