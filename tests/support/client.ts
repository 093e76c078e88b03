import { randomUUID } from 'node:crypto';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

/** A small GraphQL-over-HTTP client for tests, speaking to the gateway like the apps do. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  withToken(token: string | undefined): GraphQLClient {
    return new GraphQLClient(this.url, token);
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async request<T = any>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', ...headers }),
      body: JSON.stringify({ query, variables }),
    });
    return readResponse<T>(res);
  }

  /**
   * A GraphQL multipart request (the upload spec), as the apps send it:
   * `files` maps a variable path (`file`, `input.files.0`) to its content.
   * `body` may be a file-backed Blob (fs.openAsBlob), so large files are
   * not read into memory.
   */
  async upload<T = any>(
    query: string,
    variables: Record<string, unknown>,
    files: Record<string, { body: Blob; filename: string }>,
    headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
  ): Promise<GraphQLResponse<T>> {
    const form = new FormData();
    const map = Object.fromEntries(Object.keys(files).map((p, i) => [String(i), [`variables.${p}`]]));
    form.append('operations', JSON.stringify({ query, variables }));
    form.append('map', JSON.stringify(map));
    Object.values(files).forEach((f, i) => form.append(String(i), f.body, f.filename));
    const res = await fetch(this.url, { method: 'POST', headers: this.headers(headers), body: form });
    return readResponse<T>(res);
  }

  /** Like request, but fails the test on any error and returns data. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.request<T>(query, variables);
    if (res.errors?.length || !res.data) {
      throw new Error(`GraphQL errors (${res.status}): ${JSON.stringify(res.errors)}`);
    }
    return res.data;
  }
}

/** Reads a GraphQL response body; a non-JSON body fails the test with what came back. */
export async function readResponse<T>(res: Response): Promise<GraphQLResponse<T>> {
  const text = await res.text();
  let body: { data?: T; errors?: GraphQLResponse['errors'] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`Non-JSON response (${res.status}): ${text.slice(0, 300)}`);
  }
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}

/** The codes of a response's errors, for `expect(codes(res)).toEqual([...])`. */
export const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

export const uniqueEmail = (tag = 'user') => `${tag}-${randomUUID().slice(0, 8)}@test.bwenge.rw`;
export const STRONG_PASSWORD = 'Kigali-Hills-2026';

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken refreshToken expiresIn
      user { id email name role organization { id name } }
    }
  }`;

export interface Session {
  token: string;
  refreshToken: string;
  userId: string;
  orgId: string;
  email: string;
  password: string;
  client: GraphQLClient;
}

/** Registers a new organization with its ADMIN and returns the signed-in session. */
export async function registerAdmin(client: GraphQLClient, orgName = `School ${randomUUID().slice(0, 6)}`): Promise<Session> {
  const email = uniqueEmail('admin');
  const data = await client.ok(REGISTER, { input: { name: 'Ada Admin', email, password: STRONG_PASSWORD, orgName } });
  const r = data.register;
  return { token: r.accessToken, refreshToken: r.refreshToken, userId: r.user.id, orgId: r.user.organization.id, email, password: STRONG_PASSWORD, client: client.withToken(r.accessToken) };
}

/** Invites and signs up a member with `role` into the admin's organization. */
export async function addMember(admin: Session, role: 'ADMIN' | 'TEACHER' | 'STUDENT', name = `${role.toLowerCase()} member`): Promise<Session> {
  const email = uniqueEmail(role.toLowerCase());
  const invited = await admin.client.ok(`mutation($email: String!, $role: Role!) { inviteMember(email: $email, role: $role) { token } }`, { email, role });
  const data = await admin.client.withToken(undefined).ok(
    `mutation($token: String!, $name: String!, $password: String!) {
      acceptInvitation(token: $token, name: $name, password: $password) { accessToken refreshToken user { id organization { id } } }
    }`,
    { token: invited.inviteMember.token, name, password: STRONG_PASSWORD },
  );
  const r = data.acceptInvitation;
  return { token: r.accessToken, refreshToken: r.refreshToken, userId: r.user.id, orgId: r.user.organization.id, email, password: STRONG_PASSWORD, client: admin.client.withToken(r.accessToken) };
}
