import { updateEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { ItemDueSoon } from './item-due-soon.event';

export const evolveItemDueSoon = (state: ActiveCase, event: ItemDueSoon): ActiveCase =>
  event.data.itemKind === 'appointment'
    ? {
        ...state,
        appointments: updateEntry(state.appointments, event.data.itemId, (a) => ({
          ...a,
          remindedAt: event.occurredAt,
        })),
      }
    : {
        ...state,
        tasks: updateEntry(state.tasks, event.data.itemId, (t) => ({ ...t, remindedAt: event.occurredAt })),
      };
