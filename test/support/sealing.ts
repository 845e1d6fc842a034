import { isCaseStream } from '@casetrail/domain';
import type { AppendResult, EventStore, EventToAppend } from '@casetrail/event-store';
import { openProtectionFor, type CasetrailConfig } from '@casetrail/platform';
import type { ClientIdentity, Protection } from '@casetrail/protection';
import type { Db } from 'mongodb';

interface Engaged {
  readonly data: { readonly clientId?: string };
  readonly pii: { readonly client?: Partial<ClientIdentity> };
}

/**
 * A store that appends as the apps do (each case's client prepared, every event sealed under its
 * key), for tests that write histories straight to the store the apps under test read: with the
 * same configuration, and so the same master key, as those apps.
 */
export const sealingFor = async (
  config: CasetrailConfig,
  db: Db | null,
): Promise<{ wrap(raw: EventStore): EventStore; protection: Protection; close(): Promise<void> }> => {
  const protection = await openProtectionFor(config, db);
  const clients = new Map<string, string>();
  const clientOf = async (raw: EventStore, streamId: string, event: EventToAppend): Promise<string> => {
    if (event.type === 'ClientEngaged') {
      const { data, pii } = event as unknown as Engaged;
      const clientId = data.clientId ?? streamId;
      await protection.prepareClient(clientId, streamId, {
        givenName: pii.client?.givenName ?? '',
        familyName: pii.client?.familyName ?? '',
        dateOfBirth: pii.client?.dateOfBirth ?? null,
      });
      clients.set(streamId, clientId);
      return clientId;
    }
    const known = clients.get(streamId);
    if (known) return known;
    const [first] = await raw.readStream(streamId, 1);
    const clientId = (first?.data as Engaged['data'] | undefined)?.clientId ?? streamId;
    // A stream a test writes without an engagement still needs a key to seal under.
    if (first === undefined)
      await protection.prepareClient(clientId, streamId, {
        givenName: '',
        familyName: '',
        dateOfBirth: null,
      });
    clients.set(streamId, clientId);
    return clientId;
  };
  return {
    protection,
    wrap: (raw) => {
      const sealed = protection.sealing(raw);
      return {
        ...sealed,
        append: async (streamId, expectedVersion, events): Promise<AppendResult> => {
          const subjects: EventToAppend[] = [];
          for (const event of events)
            subjects.push(
              isCaseStream(streamId) && event.dataSubject === undefined && event.type !== 'ClientDataErased'
                ? { ...event, dataSubject: await clientOf(raw, streamId, event) }
                : event,
            );
          return sealed.append(streamId, expectedVersion, subjects);
        },
        readStream: (streamId, fromVersion) => sealed.readStream(streamId, fromVersion),
        readAll: (after, limit) => sealed.readAll(after, limit),
        headPosition: () => sealed.headPosition(),
        get holesPassed() {
          return sealed.holesPassed;
        },
        close: () => sealed.close(),
      };
    },
    close: () => protection.close(),
  };
};
