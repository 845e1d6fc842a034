import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import type { AccessRecorder } from '@casetrail/event-store';
import { READ_MODEL_STORE, readAccessLogPage, type ReadModelStore } from '@casetrail/read-models';
import { PublisherModule } from '@casetrail/messaging';
import { ACCESS_RECORDER, AccessLogModule, InfrastructureModule, loadConfig } from '@casetrail/platform';
import { ProjectorModule } from './projector.module';

describe('the access log in embedded mode', () => {
  it('records through the provided recorder, wakes the publisher, and projects the access_log in process', async () => {
    const config = loadConfig({
      CASETRAIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'casetrail-access-')),
      // Asleep for longer than the test: only the recorder's wake-up call can publish in time.
      PUBLISHER_IDLE_MS: '600000',
    });
    @Module({
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config),
        PublisherModule,
        AccessLogModule,
        ProjectorModule,
      ],
    })
    class EmbeddedModule {}
    const moduleRef = await Test.createTestingModule({ imports: [EmbeddedModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const recorder = app.get<AccessRecorder>(ACCESS_RECORDER);
      expect(recorder.streamId).toMatch(/^access-/);
      await Promise.all(
        ['cm-1', 'sup-1', 'aud-1'].map((id, i) =>
          recorder.record({
            actor: { id, role: 'case_manager' },
            route: 'GET /cases/:caseId',
            outcome: 'granted',
            denial: null,
            cases: [{ caseId: 'case-x', teamId: null, programId: null }],
            reason: null,
            emergencyUntil: null,
            at: `2026-03-01T10:00:0${i}.000Z`,
            correlationId: `corr-${i}`,
          }),
        ),
      );
      const readModels = app.get<ReadModelStore>(READ_MODEL_STORE);
      const deadline = Date.now() + 5000;
      while ((await readAccessLogPage(readModels, 'case-x')).total < 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const page = await readAccessLogPage(readModels, 'case-x');
      expect(page.entries.map((e) => e.actor.id)).toEqual(['aud-1', 'sup-1', 'cm-1']);
    } finally {
      await app.close();
    }
  });
});
