import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, Req, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  createAuthenticator,
  loadIdentityConfig,
  signDevToken,
  type TrustedIssuer,
} from '@casetrail/identity';
import { AUTHENTICATOR } from '../identity/identity.module';
import type { AuthenticatedRequest } from '../access/principal';
import { AuthenticationGuard } from './authentication.guard';
import { ErrorFilter } from './error.filter';
import { Public } from './public.decorator';
import { PrincipalThrottlerGuard } from './throttling.guard';

@Controller()
class ProbeController {
  @Get('open')
  @Public()
  open(@Req() request: AuthenticatedRequest) {
    return { principal: request.principal ?? null };
  }

  @Get('closed')
  closed(@Req() request: AuthenticatedRequest) {
    return { principal: request.principal };
  }

  @Get('closed-too')
  closedToo() {
    return {};
  }
}

/** The guards as the app registers them, over a development issuer in a temp dir. */
describe('the authentication and throttling guards', () => {
  let app: INestApplication;
  let url: string;
  let trusted: TrustedIssuer;

  beforeAll(async () => {
    const identity = await createAuthenticator(
      loadIdentityConfig({}, mkdtempSync(join(tmpdir(), 'ct-guard-'))),
    );
    trusted = identity.trusted;
    @Module({
      imports: [ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: 2 }] })],
      controllers: [ProbeController],
      providers: [
        { provide: AUTHENTICATOR, useValue: identity.authenticator },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
      ],
    })
    class ProbeModule {}
    app = await NestFactory.create(ProbeModule, { logger: false });
    app.useGlobalFilters(new ErrorFilter());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(() => app?.close());

  const token = async (sub: string) => {
    if (trusted.kind !== 'dev') throw new Error('expected the development issuer');
    return signDevToken(trusted.key, { sub, roles: ['auditor'], audience: 'casetrail-api' });
  };

  it('lets a @Public() route through without a token, and says no principal', async () => {
    const response = await fetch(`${url}/open`);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { principal: null },
    });
  });

  it('puts the verified principal on the request of any other route', async () => {
    const response = await fetch(`${url}/closed`, {
      headers: { authorization: `Bearer ${await token('aud-1')}` },
    });
    expect(await response.json()).toEqual({
      principal: { id: 'aud-1', kind: 'person', roles: ['auditor'], teams: [], programs: [] },
    });
  });

  it('answers 401 with code, message and an RFC 6750 challenge', async () => {
    const missing = await fetch(`${url}/closed`, { headers: { 'x-actor-id': 'aud-1' } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toEqual({
      type: 'urn:casetrail:problem:token-missing',
      title: 'Unauthorized',
      status: 401,
      detail: expect.stringContaining('Bearer'),
      instance: '/closed',
      code: 'TOKEN_MISSING',
      message: expect.stringContaining('Bearer'),
    });
    const bad = await fetch(`${url}/closed`, { headers: { authorization: 'Bearer a.b.c' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]+"$/,
    );
    expect(((await bad.json()) as { code: string }).code).toBe('TOKEN_INVALID');
  });

  it('rate-limits per principal across routes, after authentication, with Retry-After', async () => {
    const first = { authorization: `Bearer ${await token('busy-1')}` };
    const statuses = [];
    for (const path of ['/closed', '/closed-too', '/closed'])
      statuses.push((await fetch(`${url}${path}`, { headers: first })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await fetch(`${url}/closed`, { headers: first });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
    const other = await fetch(`${url}/closed`, {
      headers: { authorization: `Bearer ${await token('calm-1')}` },
    });
    expect(other.status).toBe(200);
    expect((await fetch(`${url}/closed`)).status).toBe(401);
  });
});
