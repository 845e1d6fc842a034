import { validateCaseEventMessage, type CaseEventMessage } from '@casetrail/contracts';
import { upcast, type StoredEvent } from '@casetrail/event-store';
import { fromMessage } from './message-codec';
import type { MessageDecoder } from './transport.port';

/** A message value that is not a valid case event message, and why. */
export class InvalidCaseEventMessageError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid case event message: ${errors.join('; ')}`);
    this.name = 'InvalidCaseEventMessageError';
  }
}

/**
 * Parse, check against the published schemas (for the message's own type and version),
 * then upcast to the current shape. Anything that fails throws, which the Kafka transport
 * treats as a poison message and dead-letters with the reason.
 */
export const createCaseEventDecoder =
  (upcastEvent: (event: StoredEvent) => StoredEvent = upcast): MessageDecoder =>
  (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new InvalidCaseEventMessageError([`not JSON: ${error instanceof Error ? error.message : ''}`]);
    }
    const result = validateCaseEventMessage(parsed);
    if (!result.valid) throw new InvalidCaseEventMessageError(result.errors);
    return upcastEvent(fromMessage(parsed as CaseEventMessage));
  };

/** The decoder for Casetrail's own consumers, with the production upcasters. */
export const decodeCaseEvent: MessageDecoder = createCaseEventDecoder();
