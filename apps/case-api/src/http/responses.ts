/**
 * The JSON Schemas of what the API answers, for the OpenAPI document. Each names the members a
 * client may rely on; members it does not name may be added later (additional properties allowed).
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
const integer: Schema = { type: 'integer' };
const text: Schema = { type: 'string' };
const object = (
  properties: Record<string, Schema>,
  required: string[] = Object.keys(properties),
): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
});
const list = (items: Schema): Schema => ({ type: 'array', items });

/** The RFC 9457 media type every error is answered with. */
export const PROBLEM_JSON = 'application/problem+json';

export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  /** RFC 9457 problem details, with Casetrail's own members kept: `code`, `message`, `errors`, ... */
  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details. `type` is a URN per code (urn:casetrail:problem:<code>), `detail` the same ' +
      'text as `message`, `instance` the request path. Members beside these depend on the code ' +
      '(`errors` for VALIDATION_FAILED, `actualVersion` for WRONG_EXPECTED_VERSION, `details`, `dependency`, `allow`).',
    required: ['type', 'title', 'status', 'code', 'message'],
    properties: {
      type: { type: 'string', example: 'urn:casetrail:problem:validation-failed' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
      detail: { type: 'string', example: 'The request has invalid fields' },
      instance: { type: 'string', example: '/cases/8d0f6c1e-2f4b-4c1a-9a57-3f0c2b7d9e41/contacts' },
      code: { type: 'string', example: 'VALIDATION_FAILED' },
      message: { type: 'string', example: 'The request has invalid fields' },
      errors: list(ref('FieldError')),
    },
  },
  FieldError: object({ field: text, rule: text, message: text }),
  CommandResult: {
    ...object({
      caseId: text,
      version: { type: 'integer', minimum: 1 },
      events: list(object({ eventId: text, type: text, version: integer, position: integer })),
    }),
    example: {
      caseId: '8d0f6c1e-2f4b-4c1a-9a57-3f0c2b7d9e41',
      version: 4,
      events: [
        {
          eventId: '0b5b7c8e-1b7e-4a53-9d1f-6c2a3e9b8f10',
          type: 'ContactRecorded',
          version: 4,
          position: 118,
        },
      ],
    },
  },
  Freshness: object(
    {
      behindByEvents: nullable(integer),
      storePosition: integer,
      publishedPosition: integer,
      projectorLag: nullable(integer),
      projectorLagStale: { type: 'boolean' },
      projectorLagCheckedAt: nullable(text),
      checkedAt: text,
    },
    ['checkedAt'],
  ),
  CaseView: object(
    {
      caseId: text,
      version: { type: 'integer', minimum: 1 },
      asOf: text,
      basis: { type: 'string', enum: ['recorded', 'occurred'] },
      clientId: text,
      client: nullable({
        ...object({ givenName: text, familyName: text, dateOfBirth: text }),
        description: 'Opened from the engagement at query time; null once the client’s data was erased',
      }),
      clientData: ref('ClientData'),
      erasure: nullable({ ...ref('CaseErasure'), description: 'The erasure receipt, once there is one' }),
      state: {
        type: 'object',
        description: 'The case as the decider folds it from its events: the client’s id, never their data',
      },
      masked: list({
        ...ref('MaskedSection'),
        description:
          'What the reader’s role may not see was left out of `state` and `client`; empty when nothing was',
      }),
    },
    ['caseId', 'version', 'clientId', 'client', 'clientData', 'erasure', 'state', 'masked'],
  ),
  MaskedSection: object({
    path: {
      ...text,
      description:
        '`assessments.needs`, `plan.goals`, `referrals`, `client`, `clientName`, `highestSeverity`',
    },
    category: text,
    count: integer,
  }),
  MaskedField: object({
    part: { type: 'string', enum: ['data', 'pii'] },
    path: { ...text, description: 'The declared path: `needs[].severity`, `summary`' },
    category: nullable(text),
  }),
  ClientData: {
    type: 'string',
    enum: ['present', 'erased'],
    description: '`erased`: the key the client’s data was sealed under was destroyed; it is gone for good',
  },
  CaseErasure: object({
    erasureId: text,
    legalBasis: text,
    requestedBy: ref('ErasureRequester'),
    erasedBy: object({ id: text, role: text }),
    erasedAt: text,
    receiptEventId: text,
    affectedEvents: integer,
    throughVersion: integer,
    erased: list(text),
  }),
  ErasureRequester: {
    type: 'string',
    enum: ['data_subject', 'legal_representative', 'court_order', 'supervisory_authority', 'agency'],
  },
  ErasureReceipt: {
    ...object({
      erasureId: text,
      clientId: text,
      legalBasis: text,
      requestedBy: ref('ErasureRequester'),
      erasedBy: object({ id: text, role: text }),
      requestedAt: text,
      destroyedAt: text,
      completedAt: text,
      erased: list(text),
      cases: list(object({ caseId: text, receiptEventId: text, version: integer, affectedEvents: integer })),
    }),
    example: {
      erasureId: '5b0a3c51-6f0e-4a8e-9d52-1f3e7c9a2b10',
      clientId: '2f6d1c8e-4b7a-4e1f-8c3d-9a0b1e2f3c4d',
      legalBasis: 'GDPR Art. 17(1)(a): the data are no longer necessary',
      requestedBy: 'data_subject',
      erasedBy: { id: 'admin-okafor', role: 'administrator' },
      requestedAt: '2026-12-01T19:01:00.000Z',
      destroyedAt: '2026-12-01T19:01:00.120Z',
      completedAt: '2026-12-01T19:01:00.310Z',
      erased: ['identity', 'contact', 'free_text'],
      cases: [
        {
          caseId: '8d0f6c1e-2f4b-4c1a-9a57-3f0c2b7d9e41',
          receiptEventId: '0b5b7c8e-1b7e-4a53-9d1f-6c2a3e9b8f10',
          version: 12,
          affectedEvents: 11,
        },
      ],
    },
  },
  MergeReceipt: {
    ...object({
      mergeId: text,
      survivorClientId: text,
      duplicateClientId: text,
      mergedBy: object({ id: text, role: text }),
      mergedAt: text,
      cases: list(object({ caseId: text, eventId: nullable(text), version: integer })),
    }),
    example: {
      mergeId: '6c2e9b1a-3d4f-5a6b-8c7d-9e0f1a2b3c4d',
      survivorClientId: '2f6d1c8e-4b7a-4e1f-8c3d-9a0b1e2f3c4d',
      duplicateClientId: '7a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d',
      mergedBy: { id: 'sup-adeyemi', role: 'supervisor' },
      mergedAt: '2026-12-01T19:01:00.000Z',
      cases: [
        {
          caseId: '8d0f6c1e-2f4b-4c1a-9a57-3f0c2b7d9e41',
          eventId: '0b5b7c8e-1b7e-4a53-9d1f-6c2a3e9b8f10',
          version: 7,
        },
      ],
    },
  },
  ClientMatches: {
    ...object({ matches: list(object({ clientId: text, caseIds: list(text) })) }),
    example: {
      matches: [
        {
          clientId: '2f6d1c8e-4b7a-4e1f-8c3d-9a0b1e2f3c4d',
          caseIds: ['8d0f6c1e-2f4b-4c1a-9a57-3f0c2b7d9e41'],
        },
      ],
    },
  },
  StoredEvent: object(
    {
      eventId: text,
      type: text,
      streamId: text,
      version: integer,
      position: integer,
      schemaVersion: integer,
      recordedAt: text,
      actor: object({ id: text, role: text }),
      data: { type: 'object' },
      pii: nullable({
        type: 'object',
        description: 'The event’s client data, opened at query time; null once erased',
      }),
      clientData: ref('ClientData'),
      masked: list({
        ...ref('MaskedField'),
        description: 'Fields of `data` and `pii` left out for the reader’s role; empty when none were',
      }),
    },
    ['eventId', 'type', 'version'],
  ),
  CaseEvents: object({ caseId: text, total: integer, events: list(ref('StoredEvent')) }),
  TimelinePage: object(
    {
      caseId: text,
      caseNumber: text,
      clientName: nullable(text),
      version: integer,
      total: integer,
      offset: integer,
      limit: integer,
      entries: list({
        type: 'object',
        description:
          'Each entry has `masked` (MaskedField list): when not empty, its words were withheld for the reader’s role',
      }),
      freshness: ref('Freshness'),
    },
    ['caseId', 'version'],
  ),
  Caseload: object(
    {
      teamId: text,
      programId: text,
      caseManagerId: text,
      summary: { type: 'object', description: 'Counts over the whole slice: open, overdue, per stage' },
      total: integer,
      offset: integer,
      limit: integer,
      cases: list({
        type: 'object',
        description: 'Each row has `masked` (MaskedSection list): what of it the reader’s role may not see',
      }),
      freshness: ref('Freshness'),
    },
    ['total', 'freshness'],
  ),
  OutcomeReport: object(
    {
      from: text,
      to: text,
      groupBy: text,
      rows: list({ type: 'object' }),
      freshness: ref('Freshness'),
    },
    ['from', 'to', 'rows'],
  ),
  Status: object(
    {
      mode: { type: 'string', enum: ['embedded', 'external'] },
      publisher: { type: 'object' },
      eventLog: { type: 'object' },
      projector: { type: 'object' },
      accessProjector: { type: 'object' },
    },
    ['mode'],
  ),
  AccessLogPage: object(
    {
      caseId: text,
      total: integer,
      offset: integer,
      limit: integer,
      entries: list({ type: 'object' }),
      freshness: ref('Freshness'),
    },
    ['caseId', 'entries'],
  ),
  EmergencyAccesses: object(
    { teamIds: nullable(list(text)), total: integer, entries: list({ type: 'object' }) },
    ['entries'],
  ),
};

/** The success answer of every operation, by `METHOD /openapi/path` (commands are `CommandResult`). */
export const SUCCESS_SCHEMAS: Record<string, string> = {
  'GET /cases/{caseId}': 'CaseView',
  'GET /cases/{caseId}/events': 'CaseEvents',
  'GET /cases/{caseId}/timeline': 'TimelinePage',
  'GET /cases/{caseId}/access-log': 'AccessLogPage',
  'GET /caseloads': 'Caseload',
  'GET /caseloads/unassigned': 'Caseload',
  'GET /caseloads/{caseManagerId}': 'Caseload',
  'GET /reports/outcomes': 'OutcomeReport',
  'GET /status': 'Status',
  'GET /access/emergency': 'EmergencyAccesses',
  'POST /clients/{clientId}/erasure': 'ErasureReceipt',
  'POST /clients/search': 'ClientMatches',
  'POST /clients/{clientId}/merge': 'MergeReceipt',
};

const AT = '2026-12-01T14:01:00-05:00';

/** A realistic body for every command, by its DTO's name: what a case worker would send. */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
  PublishVocabularyVersionDto: {
    expectedVersion: 0,
    codes: [
      { code: 'home_visit', label: 'Home visit' },
      { code: 'phone_call', label: 'Phone call' },
      { code: 'letter', label: 'Letter', retired: true },
      { code: 'text_message', label: 'Text message' },
    ],
  },
  PublishFormVersionDto: {
    expectedVersion: 0,
    attachTo: 'contact',
    title: 'Home visit checklist',
    required: false,
    fields: [
      { fieldId: 'safe_home', label: 'Home felt safe', type: 'boolean', required: true },
      {
        fieldId: 'housing_status',
        label: 'Housing status',
        type: 'choice',
        allowedValues: ['rented', 'doubled_up', 'shelter'],
      },
      { fieldId: 'seen_with', label: 'Who was there', type: 'text' },
    ],
  },
  EngageClientDto: {
    programId: 'housing',
    teamId: 'team-north',
    referralSource: 'self',
    consent: { toServices: true, toInformationSharing: true, sharingWith: ['prov-food-bank'] },
    client: {
      givenName: 'Amina',
      familyName: 'Haddad',
      dateOfBirth: '1988-03-14',
      phone: '+1 555 0100',
    },
    presentingConcerns: 'Family of four arrived last month; the shelter stay ends in three weeks.',
    engagedAt: AT,
  },
  AssignCaseDto: { caseManagerId: 'cm-rivera', occurredAt: AT },
  GrantConsentDto: {
    consentId: 'consent-clinic-1',
    partnerId: 'org-riverside-clinic',
    categories: ['substance_use', 'mental_health', 'case_record'],
    purpose: 'treatment',
    until: '2027-12-01T00:00:00Z',
    note: 'Signed the 42 CFR Part 2 consent form with the client; copy in the paper file',
    occurredAt: AT,
  },
  NarrowConsentDto: { categories: ['mental_health', 'case_record'], occurredAt: AT },
  RevokeConsentDto: { reason: 'The client no longer attends the clinic', occurredAt: AT },
  ScheduleAppointmentDto: {
    appointmentId: 'appt-home-visit-1',
    startsAt: '2026-06-20T14:00:00Z',
    durationMinutes: 60,
    channel: 'home_visit',
    participants: [
      { kind: 'client' },
      { kind: 'professional', id: 'org-county-housing', role: 'housing officer' },
    ],
    goalIds: ['goal-housing'],
    location: 'At the shelter, family room',
    note: 'Go through the voucher application together',
  },
  RecordAppointmentOutcomeDto: {
    outcome: 'kept',
    contact: {
      contactId: 'contact-home-visit-1',
      contactType: 'home_visit',
      durationMinutes: 55,
      summary: 'Completed the voucher application with the client; she signed it',
    },
  },
  CreateTaskDto: {
    taskId: 'task-voucher-1',
    title: 'Submit the housing voucher application',
    dueAt: '2026-06-24T17:00:00Z',
    goalIds: ['goal-housing'],
  },
  CloseTaskDto: { note: 'Submitted at the county office', occurredAt: AT },
  AddHouseholdMemberDto: {
    memberId: 'member-son',
    relationship: 'child',
    givenName: 'Omar',
    familyName: 'Haddad',
    dateOfBirth: '2015-09-02',
    occurredAt: AT,
  },
  RecordHouseholdMemberDepartureDto: { note: 'Moved in with his father', occurredAt: AT },
  SetSafetyFlagDto: {
    flagId: 'flag-address',
    kind: 'do_not_contact',
    reason: 'Former partner has threatened her; she is at a refuge',
    doNotContact: [{ who: 'Karim Haddad (former partner)' }],
    occurredAt: AT,
  },
  ClearSafetyFlagDto: { reason: 'Protection order granted; she agreed to lift the flag', occurredAt: AT },
  RecordCommunicationNeedsDto: {
    preferredLanguage: 'ar',
    interpreterNeeded: true,
    interpreterLanguage: 'ar',
    notes: 'Prefers a female interpreter',
  },
  EraseClientDto: {
    legalBasis: 'GDPR Art. 17(1)(a): the data are no longer necessary',
    requestedBy: 'data_subject',
  },
  MergeClientsDto: {
    duplicateClientId: '7a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d',
    reason: 'Same person: the given name was typed two ways at intake, same date of birth and phone',
  },
  SearchClientsDto: { givenName: 'Amina', familyName: 'Haddad', dateOfBirth: '1988-03-14' },
  VoidEntryDto: { reason: 'Recorded on the wrong case: the visit was with the sister, not the client' },
  CorrectEntryDateDto: {
    occurredAt: '2026-06-12T15:30:00Z',
    reason: 'Entered from the paper file with the date it was typed up, not the meeting date',
  },
  TransferCaseDto: {
    toCaseManagerId: 'cm-okafor',
    toProgramId: 'youth-transition',
    toTeamId: 'team-youth',
    reason: 'Turns 18: the youth transition program takes her on',
    occurredAt: AT,
  },
  AssessNeedsDto: {
    assessmentId: 'assessment-1',
    needs: [
      {
        needId: 'need-housing',
        domain: 'housing',
        severity: 'critical',
        description: 'Shelter stay ends soon',
      },
    ],
    strengths: [
      { strengthId: 'strength-family', domain: 'family_support', description: 'Close family support' },
    ],
    scores: [{ tool: 'SSM', score: 12, maxScore: 40 }],
    summary: 'Housing is urgent; income support pending; strong family ties.',
    assessedAt: AT,
  },
  AmendPlanDto: {
    goalsAdded: [
      {
        goalId: 'goal-housing',
        domain: 'housing',
        needIds: ['need-housing'],
        target: { metric: 'months in stable housing', value: 3, unit: 'months' },
        dueDate: '2027-03-31',
        description: 'Move into a lease in their own name',
      },
    ],
    services: [
      { serviceType: 'housing_voucher', providerId: 'prov-housing-first', goalIds: ['goal-housing'] },
    ],
    nextReviewDate: '2027-01-15',
    reason: 'Initial plan agreed with the client',
    occurredAt: AT,
  },
  MakeReferralDto: {
    referralId: 'referral-housing',
    providerId: 'prov-housing-first',
    serviceType: 'housing_voucher',
    goalIds: ['goal-housing'],
    note: 'Client prefers appointments after school hours',
    occurredAt: AT,
  },
  ChangeReferralStatusDto: { status: 'accepted', note: 'Intake set for Thursday', occurredAt: AT },
  RecordContactDto: {
    contactId: 'contact-1',
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 45,
    summary: 'Visited the family; reviewed two listings and the application forms.',
    happenedAt: AT,
  },
  CorrectCaseNoteDto: {
    correctionId: 'correction-1',
    correctedSummary: 'Visited the family; reviewed three listings and the application forms.',
    reason: 'Three listings were reviewed, not two',
  },
  RecordGoalProgressDto: {
    progress: 'in_progress',
    measuredValue: 1,
    note: 'First month in the new flat',
    occurredAt: AT,
  },
  AchieveGoalDto: { measuredValue: 3, note: 'Three months in stable housing', occurredAt: AT },
  MeetMilestoneDto: { note: 'Voucher application submitted at the county office', metAt: AT },
  IdentifyNeedDto: {
    needId: 'need-school',
    domain: 'education',
    severity: 'moderate',
    description: 'The younger son has not been enrolled in school since the move',
    memberId: 'member-son',
    occurredAt: AT,
  },
  RecordAdvocacyActionDto: {
    actionId: 'advocacy-1',
    actionType: 'letter',
    targetOrganisation: 'City Housing Authority',
    outcome: 'pending',
    goalIds: ['goal-housing'],
    summary: 'Letter supporting a priority housing application',
    occurredAt: AT,
  },
  ReviewCaseDto: {
    reviewId: 'review-1',
    goalReviews: [{ goalId: 'goal-housing', progress: 'in_progress' }],
    goalMeasures: [{ goalId: 'goal-housing', value: 120, unit: 'nights', measuredAt: AT }],
    nextReviewDate: '2027-04-15',
    summary: 'Housed; income support approved; next focus is employment.',
    occurredAt: AT,
  },
  TerminateCaseDto: {
    reason: 'goals_met',
    goalOutcomes: [{ goalId: 'goal-housing', outcome: 'achieved' }],
    ongoingSupports: [{ serviceType: 'food_assistance', providerId: 'prov-food-bank' }],
    summary: 'Stable housing for six months; the family no longer needs case management.',
    referralDispositions: [{ referralId: 'ref-esl', disposition: 'continued' }],
    occurredAt: AT,
  },
  DecidePlanApprovalDto: { decision: 'approved', planVersion: 2, comments: 'Goals are measurable.' },
  DecideClosingApprovalDto: { decision: 'returned', comments: 'Follow up the housing referral first.' },
  DecideTransferApprovalDto: { decision: 'approved', comments: 'Agreed with the youth program.' },
  ReopenCaseDto: {
    reason: 'The landlord served notice; the family asked for help again',
    caseManagerId: 'cm-rivera',
    occurredAt: AT,
  },
};
