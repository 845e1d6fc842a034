import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  VOCABULARY_EVENT_SCHEMA_VERSION,
  VOCABULARY_KINDS,
  fold,
  stateOrDefaults,
  vocabularyDecider,
  vocabularyStreamId,
  type CommandMetadata,
  type Recorded,
  type VocabularyCatalog,
  type VocabularyCode,
  type VocabularyEvent,
  type VocabularyKind,
  type VocabularyVersion,
} from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { PublisherService } from '@casetrail/messaging';

/**
 * The agency's vocabularies, read from their streams (one per kind, a few events each) on every
 * use: several API instances may publish, and a command must check against the version in force,
 * not one this process cached. Four small reads by stream id.
 */
@Injectable()
export class Vocabularies {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: PublisherService,
  ) {}

  async version(kind: VocabularyKind): Promise<VocabularyVersion> {
    const history = await this.store.readStream(vocabularyStreamId(kind));
    return stateOrDefaults(kind, fold(vocabularyDecider, history as readonly Recorded<VocabularyEvent>[]));
  }

  async catalog(): Promise<VocabularyCatalog> {
    const versions = await Promise.all(VOCABULARY_KINDS.map((kind) => this.version(kind)));
    return Object.fromEntries(versions.map((version) => [version.kind, version])) as VocabularyCatalog;
  }

  /** Decides against the stream as read and appends at its version: a publish racing another is a 409. */
  async publish(
    kind: VocabularyKind,
    data: { readonly expectedVersion: number; readonly codes: readonly VocabularyCode[] },
    metadata: CommandMetadata,
  ): Promise<VocabularyVersion> {
    const streamId = vocabularyStreamId(kind);
    const history = await this.store.readStream(streamId);
    const state = fold(vocabularyDecider, history as readonly Recorded<VocabularyEvent>[]);
    const decided = vocabularyDecider.decide(
      { type: 'PublishVocabularyVersion', kind, data, metadata },
      state,
    );
    await this.store.append(
      streamId,
      history.length,
      decided.map((event) => ({
        ...event,
        eventId: randomUUID(),
        schemaVersion: VOCABULARY_EVENT_SCHEMA_VERSION[event.type],
        streamId,
        recordedAt: metadata.recordedAt,
        actor: metadata.actor,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        ...(metadata.traceparent === undefined ? {} : { traceparent: metadata.traceparent }),
      })),
    );
    // Nothing of it is published; the publisher's checkpoint moves past it all the same.
    this.publisher.notify();
    return fold(vocabularyDecider, decided) ?? stateOrDefaults(kind, state);
  }
}
