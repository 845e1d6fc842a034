// The test OpenID Provider: oidc-provider (the certified Node implementation) in a process of
// its own, so tests talk to a real issuer over HTTP: discovery, JWKS, client registration and
// the client-credentials grant, with RFC 9068 JWT access tokens for the API's audience.
//
// Environment:
//   IDP_PORT             port on 127.0.0.1 (the issuer is http://127.0.0.1:<port>)
//   IDP_KEYS_FILE        JSON { keys: [private JWK, ...] }; the first signs, all are published.
//                        Restart with [new, old] to rotate.
//   IDP_CLIENTS_FILE     registered clients, kept across restarts (a JSON object by client_id)
//   IDP_AUDIENCE         the API audience access tokens are for (resource urn:casetrail:audience:<it>)
//   IDP_REGISTRATION_TOKEN  initial access token required by dynamic registration (RFC 7591)
//   IDP_ACCESS_TOKEN_TTL seconds [3600]
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import Provider from 'oidc-provider';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const port = Number(env('IDP_PORT'));
const issuer = `http://127.0.0.1:${port}`;
const audience = env('IDP_AUDIENCE');
// RFC 8707 wants an absolute URI as the resource indicator; the token's `aud` is the plain
// audience the API is configured with (as Keycloak's would be: the API's client id).
const resource = `urn:casetrail:audience:${audience}`;
const keysFile = env('IDP_KEYS_FILE');
const clientsFile = env('IDP_CLIENTS_FILE');
const registrationToken = env('IDP_REGISTRATION_TOKEN');
const accessTokenTTL = Number(env('IDP_ACCESS_TOKEN_TTL', '3600'));
const { keys } = JSON.parse(readFileSync(keysFile, 'utf8'));
const signingAlg = keys[0].alg;

/** Counts of requests, so a test can prove the API's JWKS refetches are rate limited. */
const stats = { jwksFetches: 0, tokensIssued: 0 };

// Clients persist to a file so a restart (key rotation) keeps the personas registered.
const clients = existsSync(clientsFile) ? JSON.parse(readFileSync(clientsFile, 'utf8')) : {};
const saveClients = () => {
  writeFileSync(`${clientsFile}.tmp`, JSON.stringify(clients));
  renameSync(`${clientsFile}.tmp`, clientsFile);
};

/** oidc-provider's storage: clients in the file above, everything else in memory. */
const memory = new Map();
class Adapter {
  constructor(model) {
    this.model = model;
  }
  key(id) {
    return `${this.model}:${id}`;
  }
  async upsert(id, payload, expiresIn) {
    if (this.model === 'Client') {
      clients[id] = payload;
      saveClients();
      return;
    }
    memory.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }
  async find(id) {
    if (this.model === 'Client') return clients[id];
    const entry = memory.get(this.key(id));
    if (!entry || (entry.expiresAt && entry.expiresAt < Date.now())) return undefined;
    return entry.payload;
  }
  async findByUserCode() {
    return undefined;
  }
  async findByUid() {
    return undefined;
  }
  async consume(id) {
    const entry = memory.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id) {
    if (this.model === 'Client') {
      delete clients[id];
      saveClients();
    } else memory.delete(this.key(id));
  }
  async revokeByGrantId() {}
}

const stringList = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string');

const provider = new Provider(issuer, {
  adapter: Adapter,
  jwks: { keys },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    registration: {
      enabled: true,
      initialAccessToken: registrationToken,
      // A persona asks for its id: the token's `sub` (= client_id for client credentials) is it.
      idFactory: (ctx) => {
        const requested = ctx.oidc.body?.client_id;
        return typeof requested === 'string' && /^[\x21-\x7e]{1,255}$/.test(requested)
          ? requested
          : `client-${Math.random().toString(36).slice(2)}`;
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, requested) => {
        if (requested !== resource) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'casetrail',
          audience,
          accessTokenTTL,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: signingAlg } },
        };
      },
    },
  },
  // The persona's roles, teams and programs are client metadata, copied into its tokens.
  extraClientMetadata: {
    properties: ['roles', 'teams', 'programs'],
    validator(_ctx, key, value) {
      if (value !== undefined && !stringList(value))
        throw new Provider.errors.InvalidClientMetadata(`${key} must be an array of strings`);
    },
  },
  extraTokenClaims: async (ctx, token) => {
    if (token.kind !== 'ClientCredentials') return undefined;
    const client = await ctx.oidc.provider.Client.find(token.clientId);
    stats.tokensIssued += 1;
    return {
      roles: client?.roles ?? [],
      teams: client?.teams ?? [],
      programs: client?.programs ?? [],
    };
  },
  ttl: { ClientCredentials: accessTokenTTL },
  clientDefaults: {
    grant_types: ['client_credentials'],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  },
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/jwks') stats.jwksFetches += 1;
  if (ctx.path === '/test/stats') {
    ctx.body = stats;
    return;
  }
  await next();
});

provider.listen(port, '127.0.0.1', () => {
  console.log(
    `test IdP listening: issuer ${issuer}, audience ${audience}, signing kid ${keys[0].kid} (${signingAlg})`,
  );
});
