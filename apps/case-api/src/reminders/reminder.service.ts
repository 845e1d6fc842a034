import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, type Principal, type RemindDueItem } from '@casetrail/domain';
import { WrongExpectedVersionError } from '@casetrail/event-store';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import {
  AGENDAS,
  dueForReminder,
  READ_MODEL_STORE,
  type AgendaDoc,
  type ReadModelStore,
} from '@casetrail/read-models';
import { ExecuteCaseCommand } from '../cases/execute-case-command';

/** The reminder service acts as itself: the `service` role may send RemindDueItem, nothing else of casework. */
export const REMINDER_PRINCIPAL: Principal = {
  id: 'svc-reminders',
  kind: 'service',
  roles: ['service'],
  teams: [],
  programs: [],
};

/**
 * Refusals that mean another process (or an earlier run) got there first, or the item moved on
 * between the scan and the decision: the agenda catches up, nothing to report.
 */
const SETTLED = new Set(['REMINDER_ALREADY_RECORDED', 'ITEM_NOT_OPEN', 'REMINDER_TOO_EARLY', 'CASE_CLOSED']);

export interface ScanOutcome {
  readonly reminded: number;
  /** Lost races and items settled meanwhile: not errors. */
  readonly settled: number;
  readonly failed: number;
}

/**
 * Every REMINDER_SCAN_MS, the agenda's items due within REMINDER_LEAD_MINUTES and not yet reminded
 * get a RemindDueItem. Exactly once per item, across restarts and processes: the command id is
 * derived from the item (a retry of the same command is found in the stream and answers the events
 * already there), the append is conditional on the version read (a racing process gets a conflict,
 * reloads, and the domain refuses a second reminder), and the scan reads the agenda, which only
 * drops an item's `remindedAt === null` once its ItemDueSoon is projected. The events reach Kafka
 * through the outbox publisher like every case event.
 */
@Injectable()
export class ReminderService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderService');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ScanOutcome> | null = null;
  /** The clock: replaced by tests. */
  now: () => string = () => new Date().toISOString();

  constructor(
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly bus: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.reminders.enabled) return;
    this.timer = setInterval(() => void this.scanOnce(), this.config.reminders.scanMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One scan; overlapping calls share the one in flight. */
  scanOnce(): Promise<ScanOutcome> {
    this.running ??= this.scan().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async scan(): Promise<ScanOutcome> {
    const counts = { reminded: 0, settled: 0, failed: 0 };
    let docs: AgendaDoc[];
    try {
      docs = await this.readModels.collection<AgendaDoc>(AGENDAS).find({ awaitingReminder: true });
    } catch (error) {
      this.logger.warn(`Reading the agenda failed (${(error as Error).name}); trying at the next scan`);
      return { ...counts, failed: 1 };
    }
    const now = this.now();
    const { leadMinutes } = this.config.reminders;
    for (const { caseId, item } of dueForReminder(docs, now, leadMinutes)) {
      const commandId = `reminder:${caseId}:${item.kind}:${item.itemId}`;
      const command: RemindDueItem = {
        type: 'RemindDueItem',
        caseId,
        data: { itemKind: item.kind, itemId: item.itemId, leadMinutes },
        metadata: {
          recordedAt: now,
          actor: { id: REMINDER_PRINCIPAL.id, role: 'service' },
          correlationId: commandId,
          causationId: commandId,
          timeZone: this.config.agencyTimeZone,
        },
      };
      try {
        const result = await this.bus.execute(
          new ExecuteCaseCommand(command, {
            principal: REMINDER_PRINCIPAL,
            route: 'reminder-service',
            correlationId: commandId,
          }),
        );
        // A replay: another process appended this very command's reminder first.
        if (result.replayed) counts.settled += 1;
        else counts.reminded += 1;
      } catch (error) {
        if (
          error instanceof WrongExpectedVersionError ||
          (error instanceof DomainError && SETTLED.has(error.code))
        ) {
          counts.settled += 1;
          continue;
        }
        counts.failed += 1;
        // Ids and the error's class only: a message may quote stored data.
        this.logger.warn(
          `Reminding ${item.kind} ${item.itemId} of case ${caseId} failed (${(error as Error).name})`,
        );
      }
    }
    return counts;
  }
}
