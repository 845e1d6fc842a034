import { BadRequestException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { lastValueFrom, of } from 'rxjs';
import type { Principal } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import { ReferralParams } from './case-params';
import {
  CaseCommandContext,
  CommandAnswer,
  expectedVersionOf,
  OnCase,
  type CommandResponseBody,
} from './case-command-endpoint';
import { ExecuteCaseCommand, type CommandResult } from './execute-case-command';

const principal: Principal = { id: 'cm-1', kind: 'person', roles: ['case_manager'], teams: [], programs: [] };

const requestWith = (parts: {
  params?: Record<string, string>;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}) => ({
  params: parts.params ?? { caseId: 'case-1' },
  headers: parts.headers ?? {},
  query: parts.query ?? {},
  method: 'POST',
  path: '/cases/case-1/referrals/ref-1/status',
  route: { path: '/cases/:caseId/referrals/:referralId/status' },
  principal,
});

const httpContext = (request: object, response: object = {}): ExecutionContext =>
  ({
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  }) as unknown as ExecutionContext;

/** The factory behind a parameter decorator, as Nest calls it for each request. */
const factoryOf = (decorator: ParameterDecorator) => {
  class Probe {
    handle(_value: unknown): void {}
  }
  decorator(Probe.prototype, 'handle', 0);
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handle') as Record<
    string,
    { data: unknown; factory: (data: unknown, context: ExecutionContext) => unknown }
  >;
  const [arg] = Object.values(args);
  return (request: object) => arg!.factory(arg!.data, httpContext(request));
};

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse();
  }
  throw new Error('expected a 400');
};

describe('the expected version of a command', () => {
  it.each([
    [{ headers: { 'if-match': '"3"' } }, 3],
    [{ headers: { 'if-match': 'W/"3"' } }, 3],
    [{ query: { expectedVersion: '4' } }, 4],
    [{ headers: { 'if-match': '"5"' }, query: { expectedVersion: '4' } }, 5],
    [{}, undefined],
  ])('reads %j as %s', (parts, version) => {
    expect(expectedVersionOf(requestWith(parts) as never)).toBe(version);
  });

  it.each(['abc', '-1', '"1.5"', '9999999999', 'W/"x"'])(
    'refuses If-Match %s as a 400 naming it',
    (value) => {
      expect(
        refusal(() => expectedVersionOf(requestWith({ headers: { 'if-match': value } }) as never)),
      ).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'The expected version is invalid',
        errors: [
          { field: 'If-Match', rule: 'isInt', message: 'If-Match / expectedVersion must be a whole number' },
        ],
      });
    },
  );
});

describe('@OnCase() gives a command endpoint its case, expected version and metadata', () => {
  const onReferral = factoryOf(OnCase(ReferralParams));

  it('builds the bus message for this case, as this caller, at the version they saw', () => {
    const on = onReferral(
      requestWith({
        params: { caseId: 'case-1', referralId: 'ref-1' },
        headers: { 'if-match': '"2"', 'idempotency-key': 'key-1' },
      }),
    ) as CaseCommandContext<ReferralParams>;
    expect(on.params).toEqual({ caseId: 'case-1', referralId: 'ref-1' });
    const message = on.command('ChangeReferralStatus', {
      referralId: on.params.referralId,
      status: 'accepted',
    });
    expect(message).toBeInstanceOf(ExecuteCaseCommand);
    expect(message.expectedVersion).toBe(2);
    expect(message.access).toMatchObject({
      principal,
      route: 'POST /cases/:caseId/referrals/:referralId/status',
    });
    expect(message.command).toMatchObject({
      type: 'ChangeReferralStatus',
      caseId: 'case-1',
      data: { referralId: 'ref-1', status: 'accepted' },
      metadata: { actor: { id: 'cm-1', role: 'case_manager' }, idempotencyKey: 'key-1' },
    });
    // With a key, minted ids derive from the command: a retry decides the same ids.
    expect(on.id(undefined, 'contact')).toBe(on.id(undefined, 'contact'));
    expect(on.id('given', 'contact')).toBe('given');
  });

  it('refuses a bad path id as a 400 that names the parameter', () => {
    const answer = refusal(() =>
      onReferral(requestWith({ params: { caseId: 'case-1', referralId: 'a.b' } })),
    );
    expect(answer).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      errors: [{ field: 'referralId', rule: 'matches' }],
    });
  });

  it('names a bad expected version before a bad path id', () => {
    const answer = refusal(() =>
      onReferral(
        requestWith({ params: { caseId: 'a.b', referralId: 'ref-1' }, headers: { 'if-match': 'x' } }),
      ),
    );
    expect(answer).toMatchObject({ errors: [{ field: 'If-Match' }] });
  });

  it('refuses an invalid Idempotency-Key', () => {
    const answer = refusal(() =>
      factoryOf(OnCase())(requestWith({ headers: { 'idempotency-key': 'not a key!' } })),
    );
    expect(answer).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
  });
});

describe('CommandAnswer writes the answer of every command', () => {
  const event = { eventId: 'e-1', type: 'ContactRecorded', version: 2, position: 7, streamId: 'case-1' };
  const answer = async (result: CommandResult) => {
    const headers: Record<string, string> = {};
    const response = {
      statusCode: 200,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      setHeader: (name: string, value: string) => void (headers[name] = value),
    };
    const next: CallHandler<CommandResult> = { handle: () => of(result) };
    const body: CommandResponseBody = await lastValueFrom(
      new CommandAnswer().intercept(httpContext({}, response), next),
    );
    return { status: response.statusCode, headers, body };
  };

  it('answers 201 with the new version as a strong ETag, and only the events’ ids and places', async () => {
    const result = {
      caseId: 'case-1',
      version: 2,
      events: [event as unknown as StoredEvent],
      replayed: false,
    };
    expect(await answer(result)).toEqual({
      status: 201,
      headers: { ETag: '"2"' },
      body: {
        caseId: 'case-1',
        version: 2,
        events: [{ eventId: 'e-1', type: 'ContactRecorded', version: 2, position: 7 }],
      },
    });
  });

  it('says Idempotent-Replayed when a retry found its first answer', async () => {
    const result = {
      caseId: 'case-1',
      version: 2,
      events: [event as unknown as StoredEvent],
      replayed: true,
    };
    expect((await answer(result)).headers).toEqual({ ETag: '"2"', 'Idempotent-Replayed': 'true' });
  });
});
