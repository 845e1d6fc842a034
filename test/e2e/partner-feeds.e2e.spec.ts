import { createDecipheriv } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { MongoClient } from 'mongodb';
import type { PartnerFeedMessage } from '@casetrail/contracts';
import { INFORMATION_CATEGORIES } from '@casetrail/domain';
import { partnerMessageId, type CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi } from '../support/apps';
import { ensureCliBuilt, envFor, runCli } from '../support/cli';
import { api, eventually } from '../support/http';
import { readTopic } from '../support/kafka';
import { PARTNERS } from '../support/partners';

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
/** Free text distinctive enough that any occurrence in a message can only be this. */
const SUMMARY = 'Sleeps in the car behind the quarry depot';
const RECOVERY_PROGRAM = 'prog-recovery-e2e';

type Sent = {
  readonly partnerId: string;
  readonly caseId: string;
  readonly eventId: string;
  readonly kind: PartnerFeedMessage['kind'];
};

const openSealed = (
  key: Buffer,
  sealed: NonNullable<PartnerFeedMessage['pii']>,
  messageId: string,
): unknown => {
  const ct = Buffer.from(sealed.ct, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(messageId, 'utf8'));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return JSON.parse(
    Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8'),
  );
};

/**
 * Three partners over the real Kafka and database: clients with different consents (one in a
 * Part 2 substance-use program), each partner's own topic read as the partner would, its pii opened
 * with the key the feed-key route gives it; a revocation mid-stream; the accounting listing exactly
 * what was sent; and `disclosures --verify` finding the rebuild equal to it.
 */
describe('partner feeds, end to end', () => {
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    mongo: MongoClient;
  };
  const worker = () => api(h.api.url, { id: 'cm-feeds', role: 'case_manager' });
  const auditor = () => api(h.api.url, { id: 'auditor-feeds', role: 'auditor' });
  const sent: Sent[] = [];
  const clients: string[] = [];
  const eventIdOf = (reply: { body: { events: { eventId: string }[] } }) => reply.body.events[0]!.eventId;

  const command = async (path: string, body: unknown) => {
    const reply = await worker().post(path, body);
    expect([reply.status, reply.status === 201 ? null : reply.body]).toEqual([201, null]);
    return reply as { body: { caseId: string; events: { eventId: string }[] } };
  };
  const engage = async (programId: string, givenName: string) => {
    const reply = await command('/cases', {
      programId,
      teamId: 'team-feeds',
      caseManagerId: 'cm-feeds',
      referralSource: 'outreach',
      consent: { toServices: true, toInformationSharing: true, sharingWith: [] },
      client: { givenName, familyName: 'Feedsworth', dateOfBirth: '1979-04-04' },
      presentingConcerns: 'Lost the tenancy',
      engagedAt: ago(10),
    });
    const caseId = reply.body.caseId;
    const { body } = await worker().get(`/cases/${caseId}`);
    clients.push(body.clientId as string);
    return { caseId, clientId: body.clientId as string };
  };
  const grant = async (
    caseId: string,
    consentId: string,
    partnerId: string,
    categories: string[],
    hoursAgo: number,
  ) =>
    eventIdOf(
      await command(`/cases/${caseId}/consents`, {
        consentId,
        partnerId,
        categories,
        purpose: 'treatment',
        note: 'Signed the release form',
        occurredAt: ago(hoursAgo),
      }),
    );
  const assess = async (
    caseId: string,
    needs: { needId: string; domain: string; severity: string }[],
    assessedAt?: string,
  ) =>
    eventIdOf(
      await command(`/cases/${caseId}/assessments`, {
        needs: needs.map((need) => ({ ...need, description: `About ${need.domain}` })),
        summary: SUMMARY,
        ...(assessedAt ? { assessedAt } : {}),
      }),
    );

  /** Each partner's feed as it reads it from the beginning. */
  const feedOf = async (partnerId: string, count: number): Promise<PartnerFeedMessage[]> => {
    const topic = `${h.config.kafka.topic}.partner.${partnerId}`;
    // The discloser makes a partner's topic with its first message: until then there is none to read.
    const messages = await eventually(() =>
      readTopic(topic, (m: KafkaMessage[]) => new Set(m.map((x) => x.value?.toString())).size >= count),
    );
    const byId = new Map<string, PartnerFeedMessage>();
    for (const m of messages) {
      const message = JSON.parse(m.value!.toString('utf8')) as PartnerFeedMessage;
      expect(m.key?.toString()).toBe(message.caseId);
      byId.set(message.messageId, message);
    }
    return [...byId.values()];
  };
  const expected = (partnerId: string) =>
    sent
      .filter((s) => s.partnerId === partnerId)
      .map((s) => partnerMessageId(s.partnerId, s.eventId, s.kind));
  const feedKey = async (partnerId: string) => {
    const reply = await api(h.api.url, { id: partnerId, kind: 'service' }).get(
      `/partners/${partnerId}/feed-key`,
    );
    expect(reply.status).toBe(200);
    return Buffer.from(reply.body.key as string, 'base64url');
  };

  let housingCase = '';
  let recoveryCase = '';
  let openCase = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ensureCliBuilt();
    h.config = isolatedExternalConfig({
      PROGRAM_CATEGORIES: JSON.stringify({ [RECOVERY_PROGRAM]: 'substance_use' }),
    });
    h.api = await startApi(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();

    // Client 1: housing for the housing association, legal matters for legal aid; housing revoked mid-stream.
    ({ caseId: housingCase } = await engage('prog-housing-e2e', 'Ulrika'));
    ids.housingGrant = await grant(
      housingCase,
      'c-housing',
      PARTNERS.housing.id,
      ['housing', 'case_record'],
      9,
    );
    sent.push({
      partnerId: PARTNERS.housing.id,
      caseId: housingCase,
      eventId: ids.housingGrant,
      kind: 'disclosure',
    });
    ids.legalGrant = await grant(
      housingCase,
      'c-legal',
      PARTNERS.legal.id,
      ['legal_immigration', 'case_record'],
      9,
    );
    sent.push({
      partnerId: PARTNERS.legal.id,
      caseId: housingCase,
      eventId: ids.legalGrant,
      kind: 'disclosure',
    });
    ids.firstAssessment = await assess(housingCase, [
      { needId: 'need-h', domain: 'housing', severity: 'high' },
      { needId: 'need-l', domain: 'legal', severity: 'moderate' },
      { needId: 'need-m', domain: 'mental_health', severity: 'low' },
    ]);
    sent.push({
      partnerId: PARTNERS.housing.id,
      caseId: housingCase,
      eventId: ids.firstAssessment,
      kind: 'disclosure',
    });
    sent.push({
      partnerId: PARTNERS.legal.id,
      caseId: housingCase,
      eventId: ids.firstAssessment,
      kind: 'disclosure',
    });
    // A contact: its facts are the record's own, and its summary free text: nothing for anyone.
    await command(`/cases/${housingCase}/contacts`, {
      contactType: 'phone_call',
      participants: [{ kind: 'client' }],
      summary: SUMMARY,
      happenedAt: ago(1),
    });
    const revokedAt = ago(0.5);
    ids.revocation = eventIdOf(
      await command(`/cases/${housingCase}/consents/c-housing/revocation`, {
        reason: 'Moved away',
        occurredAt: revokedAt,
      }),
    );
    sent.push({
      partnerId: PARTNERS.housing.id,
      caseId: housingCase,
      eventId: ids.revocation,
      kind: 'consent-notice',
    });
    // After the revocation: a housing need, recorded now about a day the consent still held; then a new one.
    await assess(housingCase, [{ needId: 'need-h2', domain: 'housing', severity: 'critical' }], ago(2));
    ids.laterAssessment = await assess(housingCase, [
      { needId: 'need-h3', domain: 'housing', severity: 'moderate' },
      { needId: 'need-l2', domain: 'legal', severity: 'high' },
    ]);
    sent.push({
      partnerId: PARTNERS.legal.id,
      caseId: housingCase,
      eventId: ids.laterAssessment,
      kind: 'disclosure',
    });

    // Client 2, in a Part 2 program: the clinic's consent lacks substance_use, so nothing goes to it;
    // the housing association's names it, so its housing and substance-use needs go.
    ({ caseId: recoveryCase } = await engage(RECOVERY_PROGRAM, 'Wilhelmina'));
    await grant(recoveryCase, 'c-clinic-mh', PARTNERS.clinic.id, ['mental_health', 'case_record'], 9);
    ids.recoveryGrant = await grant(
      recoveryCase,
      'c-housing-sud',
      PARTNERS.housing.id,
      ['housing', 'substance_use', 'case_record'],
      9,
    );
    sent.push({
      partnerId: PARTNERS.housing.id,
      caseId: recoveryCase,
      eventId: ids.recoveryGrant,
      kind: 'disclosure',
    });
    ids.recoveryAssessment = await assess(recoveryCase, [
      { needId: 'need-s', domain: 'substance_use', severity: 'high' },
      { needId: 'need-mh', domain: 'mental_health', severity: 'moderate' },
      { needId: 'need-hh', domain: 'housing', severity: 'low' },
    ]);
    sent.push({
      partnerId: PARTNERS.housing.id,
      caseId: recoveryCase,
      eventId: ids.recoveryAssessment,
      kind: 'disclosure',
    });

    // Client 3: everything to the clinic, free text included, sealed to it.
    ({ caseId: openCase } = await engage('prog-housing-e2e', 'Xanthe'));
    const every = [...INFORMATION_CATEGORIES];
    ids.openGrant = await grant(openCase, 'c-clinic-all', PARTNERS.clinic.id, every, 9);
    sent.push({
      partnerId: PARTNERS.clinic.id,
      caseId: openCase,
      eventId: ids.openGrant,
      kind: 'disclosure',
    });
    ids.openAssessment = await assess(openCase, [
      { needId: 'need-x', domain: 'mental_health', severity: 'high' },
    ]);
    sent.push({
      partnerId: PARTNERS.clinic.id,
      caseId: openCase,
      eventId: ids.openAssessment,
      kind: 'disclosure',
    });
  }, 120_000);

  afterAll(async () => {
    await h.api?.app.close();
    await h.mongo?.db(h.config.mongo.database).dropDatabase();
    await h.mongo?.close();
  });

  it('sends the housing association its consented needs only, then the revocation notice, then nothing', async () => {
    const feed = await feedOf(PARTNERS.housing.id, expected(PARTNERS.housing.id).length);
    expect(feed.map((m) => m.messageId)).toEqual(expected(PARTNERS.housing.id));
    const first = feed.find((m) => m.event.eventId === ids.firstAssessment)!;
    expect(first).toMatchObject({
      kind: 'disclosure',
      partnerId: PARTNERS.housing.id,
      caseId: housingCase,
      clientId: clients[0],
      event: { type: 'NeedAssessed', streamVersion: 4 },
      consentIds: ['c-housing'],
      categories: ['housing'],
      pii: null,
      notice: null,
    });
    expect(first.data.needs).toEqual([
      { needId: 'need-h', domain: 'housing', category: 'housing', severity: 'high' },
    ]);
    expect([...first.fields].sort()).toEqual(
      [
        'data.assessmentId',
        'data.kind',
        'data.needs[].category',
        'data.needs[].domain',
        'data.needs[].needId',
        'data.needs[].severity',
      ].sort(),
    );
    expect(JSON.stringify(feed)).not.toContain(SUMMARY);
    const notice = feed.find((m) => m.kind === 'consent-notice')!;
    expect(notice).toMatchObject({
      event: { eventId: ids.revocation, type: 'ConsentRevoked' },
      consentIds: ['c-housing'],
      categories: [],
      fields: [],
      data: {},
      pii: null,
      notice: { consentId: 'c-housing', change: 'revoked', categories: [], until: null },
    });
    // Nothing of client 1 after the revocation, the back-dated assessment included.
    const after = feed.slice(feed.indexOf(notice) + 1);
    expect(after.every((m) => m.caseId !== housingCase)).toBe(true);
    // Client 2's substance-use and housing needs: its consent names both.
    const recovery = feed.find((m) => m.event.eventId === ids.recoveryAssessment)!;
    expect(recovery).toMatchObject({
      categories: ['housing', 'substance_use'],
      consentIds: ['c-housing-sud'],
    });
    expect(recovery.data.needs).toEqual([
      { needId: 'need-s', domain: 'substance_use', category: 'substance_use', severity: 'high' },
      { needId: 'need-hh', domain: 'housing', category: 'housing', severity: 'low' },
    ]);
  });

  it('sends legal aid its legal needs, before and after the other partner’s revocation', async () => {
    const feed = await feedOf(PARTNERS.legal.id, expected(PARTNERS.legal.id).length);
    expect(feed.map((m) => m.messageId)).toEqual(expected(PARTNERS.legal.id));
    expect(feed.map((m) => m.data.needs ?? null)).toEqual([
      null,
      [{ needId: 'need-l', domain: 'legal', category: 'legal_immigration', severity: 'moderate' }],
      [{ needId: 'need-l2', domain: 'legal', category: 'legal_immigration', severity: 'high' }],
    ]);
    expect(feed.every((m) => m.pii === null && m.kind === 'disclosure')).toBe(true);
    expect(feed.slice(1).every((m) => m.categories.join() === 'legal_immigration')).toBe(true);
  });

  it('sends the clinic nothing of the Part 2 case, and everything of the case it may see all of, pii sealed to it', async () => {
    const feed = await feedOf(PARTNERS.clinic.id, expected(PARTNERS.clinic.id).length);
    expect(feed.map((m) => m.messageId)).toEqual(expected(PARTNERS.clinic.id));
    expect(feed.some((m) => m.caseId === recoveryCase)).toBe(false);
    const assessment = feed.find((m) => m.event.eventId === ids.openAssessment)!;
    expect(assessment.pii).toMatchObject({ sealed: 1, alg: 'A256GCM', kid: `partner/${PARTNERS.clinic.id}` });
    expect(JSON.stringify(assessment)).not.toContain(SUMMARY);
    const key = await feedKey(PARTNERS.clinic.id);
    expect(openSealed(key, assessment.pii!, assessment.messageId)).toEqual({
      summary: SUMMARY,
      descriptions: { 'need-x': 'About mental_health' },
    });
    // The grant covers identity and contact: who the client is goes with it, sealed too.
    const grant = feed.find((m) => m.event.eventId === ids.openGrant)!;
    expect(openSealed(key, grant.pii!, grant.messageId)).toMatchObject({
      client: { givenName: 'Xanthe', familyName: 'Feedsworth', dateOfBirth: '1979-04-04' },
    });
    // Another partner's key opens none of it.
    const other = await feedKey(PARTNERS.legal.id);
    expect(() => openSealed(other, assessment.pii!, assessment.messageId)).toThrow();
  });

  it('refuses a partner another partner’s key', async () => {
    const reply = await api(h.api.url, PARTNERS.legal).get(`/partners/${PARTNERS.clinic.id}/feed-key`);
    expect([reply.status, reply.body.code]).toEqual([403, 'NOT_YOUR_FEED']);
  });

  it('lists in /disclosures every message sent about each client, and nothing else', async () => {
    const feeds = (
      await Promise.all(
        [PARTNERS.housing, PARTNERS.clinic, PARTNERS.legal].map((p) => feedOf(p.id, expected(p.id).length)),
      )
    ).flat();
    for (const [index, clientId] of clients.entries()) {
      const caseId = [housingCase, recoveryCase, openCase][index]!;
      const want = sent
        .filter((s) => s.caseId === caseId)
        .map((s) => partnerMessageId(s.partnerId, s.eventId, s.kind))
        .sort();
      // What went out on the partners' topics about this client is what was expected, and what is listed.
      expect(
        feeds
          .filter((m) => m.clientId === clientId)
          .map((m) => m.messageId)
          .sort(),
      ).toEqual(want);
      const reply = await auditor().get(`/clients/${clientId}/disclosures?limit=500`);
      expect(reply.status).toBe(200);
      expect(reply.body.disclosures.map((d: { messageId: string }) => d.messageId).sort()).toEqual(want);
      for (const record of reply.body.disclosures) {
        const message = feeds.find((m) => m.messageId === record.messageId)!;
        expect(record).toEqual({
          messageId: message.messageId,
          clientId,
          partnerId: message.partnerId,
          caseId,
          eventId: message.event.eventId,
          eventType: message.event.type,
          kind: message.kind,
          consentIds: message.consentIds,
          categories: message.categories,
          fields: message.fields,
          topic: `${h.config.kafka.topic}.partner.${message.partnerId}`,
          disclosedAt: expect.any(String),
          position: expect.any(Number),
        });
      }
    }
  });

  it('rebuilds from the event store alone exactly what was sent (disclosures --verify)', async () => {
    const run = await runCli(['disclosures', '--verify', '--json'], {
      ...envFor(h.config),
      PROGRAM_CATEGORIES: JSON.stringify({ [RECOVERY_PROGRAM]: 'substance_use' }),
    });
    expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(result).toMatchObject({
      ok: true,
      rebuilt: sent.length,
      stored: sent.length,
      matching: sent.length,
      differences: [],
    });
    // A record the log gives no reason for is a difference, named by its id.
    await h.mongo
      .db(h.config.mongo.database)
      .collection<{ _id: string; clientId?: string; partnerId: string }>('disclosures')
      .insertOne({ _id: 'forged-disclosure', clientId: clients[0], partnerId: PARTNERS.legal.id });
    const forged = await runCli(['disclosures', '--verify'], {
      ...envFor(h.config),
      PROGRAM_CATEGORIES: JSON.stringify({ [RECOVERY_PROGRAM]: 'substance_use' }),
    });
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('unexpected forged-disclosure');
  });
});
