// A real OpenID Provider (panva/oidc-provider) laid out like PingOne, for pingtui's auth tests.
//
//   node server.mjs [--port 0] [--env-id UUID] [--tls-cert CHAIN.pem --tls-key KEY.pem]
//                   [--host NAME]
//
// The issuer is http://127.0.0.1:PORT/<envId>/as (https:// with --tls-cert/--tls-key: the
// corporate-network tests serve a certificate from their test CA; --host names the issuer's
// host — one a test proxy resolves to 127.0.0.1 — while the server listens on 127.0.0.1 only) and the endpoints carry PingOne's names
// (/authorize, /token, /device_authorization, /revoke, /userinfo), so pingtui's built URLs and
// the discovery document agree. Once listening it prints one JSON line on stdout:
// {"port": N, "issuer": "..."}. Everything else goes to stderr.
//
// Clients (see CLIENTS below): a public PKCE client for the authorization code grant, public
// device-flow clients (normal, short-lived code, one that answers slow_down), and a
// client_secret_basic client for client credentials. Refresh tokens are issued without
// offline_access (PingOne does this when the app enables them) and rotate on every use.
//
// Test-only hooks, outside the provider: POST /__control/faults {"/token": N, "/revoke": M}
// makes the next N requests to that endpoint answer 503 with an HTML page (an edge error); any
// path outside /<envId>/as answers PingOne's 404 JSON (what a wrong environment ID gets).

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'env-id': { type: 'string', default: '6f0b0d5e-5c1a-4b55-9c77-0d7a1e3c2b10' },
    'device-interval': { type: 'string', default: '1' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const ENV_ID = args['env-id'];
const PREFIX = `/${ENV_ID}/as`;
const DEVICE_INTERVAL = Number(args['device-interval']);
export const WORKER_SECRET = 'worker-secret-8f3a7c1e9b2d4f60a5c7e9d1b3f5a7c9';

const CLIENTS = [
  {
    client_id: 'pingtui-authcode',
    application_type: 'native', // RFC 8252: a loopback redirect matches on any port
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1:7464/callback'],
    scope: 'openid profile email offline_access',
  },
  {
    client_id: 'pingtui-device',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
    scope: 'openid profile email offline_access',
  },
  {
    client_id: 'pingtui-device-openid', // allowed openid only: asking for profile is refused
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
    scope: 'openid offline_access',
  },
  {
    client_id: 'pingtui-device-short', // its device codes expire after 2 s
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  },
  {
    client_id: 'pingtui-device-slow', // the first two polls of each code answer slow_down
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  },
  {
    client_id: 'pingtui-worker',
    client_secret: WORKER_SECRET,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'p1:read:env p1:read:user',
  },
];

const ACCOUNTS = new Map(); // login -> claims; devInteractions accepts any login/password

// PingOne's subject is the user's UUID: signing on with one of these logins gives the claims
// a PingOne admin has (the username differs from the subject); any other login is its own name.
const DIRECTORY = {
  '6a223acb-5d0e-4c5b-9d1e-2f3a4b5c6d7e': { preferred_username: 'ada.admin', name: 'Ada Admin', email: 'ada@example.test' },
  '7b334bdc-6e1f-4d6c-8e2f-3a4b5c6d7e8f': { name: 'Grace Hopper', email: 'grace@example.test' },
};

async function findAccount(ctx, sub) {
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        preferred_username: sub,
        name: `Test ${sub}`,
        email: `${sub}@example.test`,
        email_verified: true,
        ...(DIRECTORY[sub] && { preferred_username: undefined, ...DIRECTORY[sub] }),
      };
    },
  };
}

const TLS = args['tls-cert'] && args['tls-key'];
const server = TLS
  ? https.createServer({ cert: fs.readFileSync(args['tls-cert']), key: fs.readFileSync(args['tls-key']) })
  : http.createServer();
await new Promise((resolve) => server.listen(Number(args.port), '127.0.0.1', resolve));
const { port } = server.address();
const issuer = `${TLS ? 'https' : 'http'}://${args.host}:${port}${PREFIX}`;

const provider = new Provider(issuer, {
  clients: CLIENTS,
  findAccount,
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name'],
    email: ['email', 'email_verified'],
  },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'p1:read:env', 'p1:read:user'],
  routes: {
    authorization: '/authorize',
    token: '/token',
    device_authorization: '/device_authorization',
    code_verification: '/device',
    revocation: '/revoke',
    userinfo: '/userinfo',
    jwks: '/jwks',
    end_session: '/signoff',
    introspection: '/introspect',
  },
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true, allowedPolicy: async () => true },
    introspection: { enabled: true, allowedPolicy: async () => true },
  },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  // PingOne issues a refresh token whenever the application has the grant enabled.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 3600,
    RefreshToken: 86400,
    Grant: 86400,
    Session: 86400,
    Interaction: 600,
    IdToken: 3600,
    DeviceCode: (ctx, token, client) => (client.clientId === 'pingtui-device-short' ? 2 : 600),
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>error</title><p>${out.error}</p>`;
  },
});
provider.proxy = false;

const slowPolls = new Map(); // device code -> slow_down answers given

provider.use(async (ctx, next) => {
  await next();
  // oidc-provider 9 sends no polling interval (RFC 8628 then means 5 s); PingOne sends one.
  if (ctx.path === '/device_authorization' && ctx.body && ctx.body.device_code) {
    ctx.body.interval = DEVICE_INTERVAL;
  }
  if (ctx.path === '/token' && ctx.oidc?.client?.clientId === 'pingtui-device-slow'
      && ctx.body?.error === 'authorization_pending') {
    const key = ctx.oidc.params?.device_code;
    const given = slowPolls.get(key) || 0;
    if (given < 2) {
      slowPolls.set(key, given + 1);
      ctx.body = { error: 'slow_down', error_description: 'you are polling too quickly' };
    }
  }
});

provider.on('server_error', (ctx, err) => console.error('server_error', err));

const faults = {}; // endpoint path under the issuer -> how many 503s are left
const callback = provider.callback();

function notFound(res) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    id: crypto.randomUUID(),
    code: 'NOT_FOUND',
    message: 'The requested resource was not found.',
  }));
}

server.on('request', (req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/__control/faults' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      Object.assign(faults, JSON.parse(body || '{}'));
      res.writeHead(204).end();
    });
    return;
  }
  if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
    notFound(res);
    return;
  }
  const endpoint = url.pathname.slice(PREFIX.length);
  if (faults[endpoint] > 0) {
    faults[endpoint] -= 1;
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    return;
  }
  // Mount the provider under the prefix the way express does: originalUrl keeps the full
  // path (oidc-provider derives its URLs from it), url is relative to the mount point.
  req.originalUrl = req.url;
  req.url = req.url.slice(PREFIX.length) || '/';
  callback(req, res);
});

process.stdout.write(`${JSON.stringify({ port, issuer, envId: ENV_ID })}\n`);

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
