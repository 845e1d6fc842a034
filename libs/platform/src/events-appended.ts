/** In-process signal that the store has new commits: wakes the publisher early. Not a domain event. */
export class EventsAppended {
  constructor(readonly lastPosition: number) {}
}
