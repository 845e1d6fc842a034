import { validateCaseEventMessage, type CaseEventMessage } from '@casetrail/contracts';
import { upcast, type StoredEvent } from '@casetrail/event-store';
import { clientIdOf, fromMessage } from './message-codec';
import type { MessageDecoder } from './transport.port';

/** A message value that is not a valid case event message, and why. */
export class InvalidCaseEventMessageError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid case event message: ${errors.join('; ')}`);
    this.name = 'InvalidCaseEventMessageError';
  }
}

/**
 * Parse, check against the published schemas (for the message's own type and version) and
 * that `clientId` agrees with the event, then upcast to the current shape: messages travel in
 * the shape they were stored in, so upcasting is every consumer's own step. Anything that fails throws, which the Kafka transport
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
    const message = parsed as CaseEventMessage;
    const stored = fromMessage(message);
    // `clientId` is not stored: it is what the sealed key (or the receipt's data) says. A message
    // naming another client than that is forged or broken, and would join it to the wrong person.
    const clientId = clientIdOf(stored);
    if (message.clientId !== undefined && clientId !== undefined && message.clientId !== clientId)
      throw new InvalidCaseEventMessageError([
        `/clientId is ${message.clientId}, but the event is about client ${clientId}`,
      ]);
    return upcastEvent(stored);
  };

/** The decoder for Casetrail's own consumers, with the production upcasters. */
export const decodeCaseEvent: MessageDecoder = createCaseEventDecoder();
