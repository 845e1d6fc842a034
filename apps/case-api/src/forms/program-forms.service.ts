import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  FORM_EVENT_SCHEMA_VERSION,
  fold,
  formsInForce,
  formStateOf,
  programFormsDecider,
  programFormsStreamId,
  type CommandMetadata,
  type FormDefinition,
  type FormEvent,
  type Recorded,
} from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { PublisherService } from '@casetrail/messaging';
import type { PublishFormVersionDto } from './publish-form-version.dto';

/**
 * A program's forms, read from its stream on every use (a few events, one read by stream id):
 * several API instances may publish, and the case command handler reads the same stream.
 */
@Injectable()
export class ProgramForms {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: PublisherService,
  ) {}

  async inForce(programId: string): Promise<readonly FormDefinition[]> {
    const history = await this.store.readStream(programFormsStreamId(programId));
    return formsInForce(history as readonly Recorded<FormEvent>[]);
  }

  /**
   * Decides against the stream as read and appends at its version: a publish racing another (of
   * any of the program's forms) is a 409 WRONG_EXPECTED_VERSION; one on a version no longer in
   * force is a 409 FORM_VERSION_OUT_OF_SEQUENCE.
   */
  async publish(
    programId: string,
    formId: string,
    { expectedVersion, ...data }: PublishFormVersionDto,
    metadata: CommandMetadata,
  ): Promise<FormDefinition> {
    const streamId = programFormsStreamId(programId);
    const history = await this.store.readStream(streamId);
    const state = fold(programFormsDecider, history as readonly Recorded<FormEvent>[]);
    let decided: readonly FormEvent[];
    try {
      decided = programFormsDecider.decide(
        {
          type: 'PublishFormVersion',
          data: { ...data, programId, formId, version: expectedVersion + 1 },
          metadata,
        },
        state,
      );
    } catch (error) {
      throw error instanceof DomainError && error.code === 'FORM_VERSION_OUT_OF_SEQUENCE'
        ? this.stale(expectedVersion, formStateOf(state, formId).current?.version ?? 0, error)
        : error;
    }
    await this.store.append(
      streamId,
      history.length,
      decided.map((event) => ({
        ...event,
        pii: {},
        eventId: randomUUID(),
        schemaVersion: FORM_EVENT_SCHEMA_VERSION[event.type],
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
    return decided[decided.length - 1]!.data;
  }

  /** The decider speaks of the version to publish; the caller sent the one it edited. */
  private stale(expectedVersion: number, version: number, cause: DomainError): DomainError {
    return new DomainError(
      cause.code,
      `expectedVersion ${expectedVersion} is not the form's version in force (${version})`,
      { field: 'expectedVersion', expectedVersion, version },
    );
  }
}
