import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { instant } from '../../shared/time';
import { caseError } from '../case-errors';
import type { ActiveCase, CaseState } from '../case-state';
import { requireInstant, requireOneOf, requireOpenCase } from '../case-rules';
import { DUE_ITEM_KINDS, type DueItemKind } from '../vocabularies';
import type { ItemDueSoon } from './item-due-soon.event';

/**
 * Sent by the reminder service, not by a person. Exactly once per item: the decision refuses an item
 * already reminded, and the append's expected version makes a racing second process reload and see it.
 */
export interface RemindDueItem {
  readonly type: 'RemindDueItem';
  readonly caseId: string;
  readonly data: {
    readonly itemKind: DueItemKind;
    readonly itemId: string;
    /** How long before it is due a reminder may go out. */
    readonly leadMinutes: number;
  };
  readonly metadata: CommandMetadata;
}

interface DueItem {
  readonly open: boolean;
  readonly dueAt: string;
  readonly ownerId: string;
  readonly remindedAt: string | null;
}

const dueItem = (active: ActiveCase, kind: DueItemKind, itemId: string): DueItem | undefined => {
  if (kind === 'appointment') {
    const found = entry(active.appointments, itemId);
    return found && { open: found.status === 'scheduled', dueAt: found.startsAt, ...found };
  }
  const found = entry(active.tasks, itemId);
  return found && { open: found.status === 'open', ...found };
};

export const remindDueItem = (command: RemindDueItem, state: CaseState): readonly ItemDueSoon[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const now = requireInstant(metadata.recordedAt, 'metadata.recordedAt');
  const itemKind = requireOneOf(DUE_ITEM_KINDS, data.itemKind, 'itemKind');
  const item = dueItem(active, itemKind, data.itemId);
  if (item === undefined) {
    throw itemKind === 'appointment'
      ? caseError('UNKNOWN_APPOINTMENT', `Appointment ${data.itemId} does not exist on this case`, {
          appointmentId: data.itemId,
        })
      : caseError('UNKNOWN_TASK', `Task ${data.itemId} does not exist on this case`, { taskId: data.itemId });
  }
  if (item.remindedAt !== null) {
    throw caseError('REMINDER_ALREADY_RECORDED', `The ${itemKind} ${data.itemId} was already reminded`, {
      itemKind,
      itemId: data.itemId,
      remindedAt: item.remindedAt,
    });
  }
  if (!item.open) {
    throw caseError('ITEM_NOT_OPEN', `The ${itemKind} ${data.itemId} is settled: nothing to remind`, {
      itemKind,
      itemId: data.itemId,
    });
  }
  if (instant(item.dueAt) - data.leadMinutes * 60_000 > instant(now)) {
    throw caseError('REMINDER_TOO_EARLY', `The ${itemKind} ${data.itemId} is not due soon yet`, {
      itemKind,
      itemId: data.itemId,
      dueAt: item.dueAt,
    });
  }
  return [
    {
      type: 'ItemDueSoon',
      occurredAt: now,
      data: { itemKind, itemId: data.itemId, dueAt: item.dueAt, ownerId: item.ownerId },
      pii: {},
    },
  ];
};
