import { HttpResponse } from 'msw';
import { mockId, type OrgUser } from './org.js';

/*
 * Coaching appointments (reference §4.2) and quality evaluations (§4.3) of the mock org, in the
 * shapes of CoachingAppointmentResponse, the coaching notification, Evaluation, EvaluationForm and
 * the v2.quality.evaluations topic. Internal to the mocks entry.
 */

export interface WemContext {
  readonly users: ReadonlyMap<string, OrgUser>;
  readonly now: () => number;
  readonly iso: (ms?: number) => string;
  publish(topicName: string, body: unknown): void;
  error(status: number, message: string, code: string): Response;
}

/** Appointment statuses Genesys has. */
type Status = 'Scheduled' | 'InProgress' | 'Completed' | 'InvalidSchedule';

interface Appointment {
  id: string;
  name: string;
  description: string;
  dateStart: string;
  lengthInMinutes: number;
  status: Status;
  facilitatorId: string;
  attendeeIds: string[];
  createdById: string;
  dateCreated: string;
  dateModified: string;
  conversationIds: string[];
}

interface QuestionScore {
  questionId: string;
  answerId?: string;
  score?: number;
  markedNA?: boolean;
  failedKillQuestion?: boolean;
  comments?: string;
}

interface EvaluationRecord {
  id: string;
  conversationId: string;
  formId: string;
  agentId: string;
  evaluatorId: string;
  status: 'PENDING' | 'INPROGRESS' | 'FINISHED' | 'INREVIEW' | 'RETRACTED';
  scores: QuestionScore[];
  comments?: string;
  agentComments?: string;
  agentHasRead: boolean;
  releaseDate?: string;
  assignedDate: string;
  changedDate: string;
  version: number;
}

const ref = (id: string, kind: string) => ({ id, selfUri: `/api/v2/${kind}/${id}` });
const yesNo = (n: number) => [
  { id: mockId('question', 100 + n * 2), text: 'Yes', value: 1 },
  { id: mockId('question', 101 + n * 2), text: 'No', value: 0 },
];

/** The mock org's one published evaluation form: two weighted groups, a fatal question, a scale and a free-text one. */
export const CALL_FORM = {
  id: mockId('form', 1),
  name: 'Call quality',
  contextId: mockId('form', 101),
  published: true,
  questionGroups: [
    {
      id: mockId('question', 1),
      name: 'Opening',
      type: 'questionGroup',
      weight: 0.4,
      naEnabled: false,
      questions: [
        { id: mockId('question', 11), text: 'Greeted the customer by name', type: 'multipleChoiceQuestion', naEnabled: false, isKill: false, isCritical: false, answerOptions: yesNo(1) },
        { id: mockId('question', 12), text: 'Verified the caller’s identity', type: 'multipleChoiceQuestion', naEnabled: false, isKill: true, isCritical: true, answerOptions: yesNo(2) },
      ],
    },
    {
      id: mockId('question', 2),
      name: 'Resolution',
      type: 'questionGroup',
      weight: 0.6,
      naEnabled: true,
      questions: [
        {
          id: mockId('question', 21),
          text: 'Resolved the issue',
          type: 'multipleChoiceQuestion',
          naEnabled: true,
          isKill: false,
          isCritical: false,
          answerOptions: [0, 1, 2, 3, 4, 5].map((v) => ({ id: mockId('question', 200 + v), text: String(v), value: v })),
        },
        { id: mockId('question', 22), text: 'Notes for the agent', type: 'freeTextQuestion', naEnabled: true, isKill: false, isCritical: false, answerOptions: [] },
      ],
    },
  ],
  selfUri: `/api/v2/quality/publishedforms/evaluations/${mockId('form', 1)}`,
} as const;

const questions = CALL_FORM.questionGroups.flatMap((g) => g.questions.map((q) => ({ group: g, q })));

/** Genesys' scoring as the mock does it: per group, answer values over the highest; groups weighted; a failed fatal question zeroes the total. */
function score(scores: readonly QuestionScore[]) {
  const groupScores = CALL_FORM.questionGroups.map((g) => {
    const qs = scores.filter((s) => g.questions.some((q) => q.id === s.questionId && q.type === 'multipleChoiceQuestion') && s.markedNA !== true);
    let total = 0;
    let max = 0;
    let critical = 0;
    let maxCritical = 0;
    for (const s of qs) {
      const q = g.questions.find((x) => x.id === s.questionId);
      const top = Math.max(...(q?.answerOptions ?? []).map((o) => o.value));
      total += s.score ?? 0;
      max += top;
      if (q?.isCritical === true) {
        critical += s.score ?? 0;
        maxCritical += top;
      }
    }
    return { questionGroupId: g.id, totalScore: max === 0 ? 0 : (total / max) * 100, maxTotalScore: 100, markedNA: qs.length === 0, totalCriticalScore: maxCritical === 0 ? 0 : (critical / maxCritical) * 100, weight: g.weight, questionScores: scores.filter((s) => g.questions.some((q) => q.id === s.questionId)) };
  });
  const applicable = groupScores.filter((g) => !g.markedNA);
  const weight = applicable.reduce((a, g) => a + g.weight, 0);
  const anyFailedKillQuestions = scores.some((s) => s.failedKillQuestion === true);
  const totalScore = anyFailedKillQuestions || weight === 0 ? 0 : applicable.reduce((a, g) => a + g.totalScore * g.weight, 0) / weight;
  const crit = groupScores.filter((g) => g.totalCriticalScore > 0 || g.questionScores.some((s) => CALL_FORM.questionGroups.some((x) => x.questions.some((q) => q.id === s.questionId && q.isCritical))));
  const totalCriticalScore = crit.length === 0 ? 0 : crit.reduce((a, g) => a + g.totalCriticalScore, 0) / crit.length;
  return { totalScore, totalCriticalScore, totalNonCriticalScore: totalScore, anyFailedKillQuestions, questionGroupScores: groupScores.map(({ weight: _w, ...g }) => g) };
}

/** Reads a `{ questionGroupScores: [{ questionScores: [...] }] }` answer set; a string says what is wrong. */
function readScores(answers: unknown): QuestionScore[] | string {
  if (typeof answers !== 'object' || answers === null) return 'answers must be an object';
  const groups = (answers as { questionGroupScores?: unknown }).questionGroupScores;
  if (!Array.isArray(groups)) return 'answers.questionGroupScores must be a list';
  const out: QuestionScore[] = [];
  for (const g of groups as { questionScores?: unknown }[]) {
    if (!Array.isArray(g?.questionScores)) return 'questionScores must be a list';
    for (const s of g.questionScores as QuestionScore[]) {
      const found = questions.find((x) => x.q.id === s?.questionId);
      if (found === undefined) return `unknown question ${String(s?.questionId)}`;
      if (s.markedNA === true) {
        if (!found.q.naEnabled) return `question ${found.q.id} cannot be marked NA`;
        out.push({ questionId: found.q.id, markedNA: true });
        continue;
      }
      if (found.q.type !== 'multipleChoiceQuestion') continue;
      const option = found.q.answerOptions.find((o) => o.id === s.answerId);
      if (option === undefined) return `unknown answer ${String(s.answerId)} for question ${found.q.id}`;
      const top = Math.max(...found.q.answerOptions.map((o) => o.value));
      out.push({ questionId: found.q.id, answerId: option.id, score: option.value, markedNA: false, ...(found.q.isKill && { failedKillQuestion: option.value < top }) });
    }
  }
  return out;
}

export function createWemMock(ctx: WemContext) {
  const appointments = new Map<string, Appointment>();
  const evaluations = new Map<string, EvaluationRecord>();
  let seq = 0;
  let notification = 0;
  const isSupervisor = (userId: string): boolean => ctx.users.get(userId)?.supervisor === true;

  // ---- coaching ----
  const appointmentJson = (a: Appointment) => ({
    id: a.id,
    name: a.name,
    description: a.description,
    dateStart: a.dateStart,
    lengthInMinutes: a.lengthInMinutes,
    status: a.status,
    facilitator: ref(a.facilitatorId, 'users'),
    attendees: a.attendeeIds.map((id) => ref(id, 'users')),
    createdBy: ref(a.createdById, 'users'),
    dateCreated: a.dateCreated,
    modifiedBy: ref(a.createdById, 'users'),
    dateModified: a.dateModified,
    conversations: a.conversationIds.map((id) => ref(id, 'conversations')),
    documents: [],
    isOverdue: a.status !== 'Completed' && Date.parse(a.dateStart) + a.lengthInMinutes * 60_000 < ctx.now(),
    selfUri: `/api/v2/coaching/appointments/${a.id}`,
  });
  const involved = (a: Appointment, userId: string): boolean => a.attendeeIds.includes(userId) || a.facilitatorId === userId || a.createdById === userId;
  const notify = (a: Appointment, actionType: 'Create' | 'Update' | 'Delete' | 'StatusChange'): void => {
    const relations = new Map<string, string>();
    relations.set(a.createdById, 'Creator');
    relations.set(a.facilitatorId, 'Facilitator');
    for (const id of a.attendeeIds) relations.set(id, 'Attendee');
    for (const [userId, relationship] of relations) {
      ctx.publish(`v2.users.${userId}.wem.coaching.notification`, {
        id: mockId('correlation', 5000 + ++notification),
        name: a.name,
        markedAsRead: false,
        actionType,
        relationship,
        appointment: { id: a.id, selfUri: `/api/v2/coaching/appointments/${a.id}` },
        dateStart: a.dateStart,
        lengthInMinutes: a.lengthInMinutes,
        status: a.status,
      });
    }
  };
  const createAppointment = (input: { name: string; description: string; dateStart: number; lengthInMinutes: number; attendeeIds: string[]; facilitatorId: string; createdById: string; conversationIds?: string[] }): Appointment => {
    const a: Appointment = {
      id: mockId('appointment', ++seq),
      name: input.name,
      description: input.description,
      dateStart: ctx.iso(Math.floor(input.dateStart / 60_000) * 60_000),
      lengthInMinutes: input.lengthInMinutes,
      status: 'Scheduled',
      facilitatorId: input.facilitatorId,
      attendeeIds: [...input.attendeeIds],
      createdById: input.createdById,
      dateCreated: ctx.iso(),
      dateModified: ctx.iso(),
      conversationIds: input.conversationIds ?? [],
    };
    appointments.set(a.id, a);
    notify(a, 'Create');
    return a;
  };
  const setStatus = (a: Appointment, status: Status): void => {
    a.status = status;
    a.dateModified = ctx.iso();
    notify(a, 'StatusChange');
  };
  const remove = (a: Appointment): void => {
    appointments.delete(a.id);
    notify(a, 'Delete');
  };
  const inInterval = (a: Appointment, interval: string | null): boolean => {
    if (interval === null) return true;
    const [from, to] = interval.split('/').map((t) => Date.parse(t));
    const t = Date.parse(a.dateStart);
    return !(from !== undefined && t < from) && !(to !== undefined && t >= to);
  };
  const page = <T>(list: readonly T[], url: URL, size = 25) => {
    const pageSize = Math.min(100, Number(url.searchParams.get('pageSize') ?? size));
    const pageNumber = Math.max(1, Number(url.searchParams.get('pageNumber') ?? 1));
    return { entities: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), pageSize, pageNumber, total: list.length, pageCount: Math.max(1, Math.ceil(list.length / pageSize)) };
  };

  // ---- quality ----
  const released = (e: EvaluationRecord): boolean => e.status === 'FINISHED' && e.releaseDate !== undefined && Date.parse(e.releaseDate) <= ctx.now();
  const TOPIC_STATUS = { PENDING: 'Pending', INPROGRESS: 'InProgress', FINISHED: 'Finished', INREVIEW: 'InReview', RETRACTED: 'Retracted' } as const;
  const evaluationJson = (e: EvaluationRecord, withAnswers: boolean) => {
    const s = score(e.scores);
    return {
      id: e.id,
      name: CALL_FORM.name,
      conversation: ref(e.conversationId, 'conversations'),
      evaluationForm: { id: CALL_FORM.id, name: CALL_FORM.name, contextId: CALL_FORM.contextId, selfUri: CALL_FORM.selfUri },
      evaluator: { id: e.evaluatorId, name: ctx.users.get(e.evaluatorId)?.name, selfUri: `/api/v2/users/${e.evaluatorId}` },
      agent: { id: e.agentId, name: ctx.users.get(e.agentId)?.name, selfUri: `/api/v2/users/${e.agentId}` },
      status: e.status,
      ...(withAnswers && {
        answers: { ...s, ...(e.comments !== undefined && { comments: e.comments }), ...(e.agentComments !== undefined && { agentComments: e.agentComments }), questionGroupScores: s.questionGroupScores },
      }),
      agentHasRead: e.agentHasRead,
      ...(e.releaseDate !== undefined && { releaseDate: e.releaseDate }),
      assignedDate: e.assignedDate,
      changedDate: e.changedDate,
      mediaType: ['CALL'],
      neverRelease: false,
      disputeCount: 0,
      version: e.version,
      selfUri: `/api/v2/quality/conversations/${e.conversationId}/evaluations/${e.id}`,
    };
  };
  const publishEvaluation = (e: EvaluationRecord, previous: EvaluationRecord['status'] | undefined, eventType: string): void => {
    const s = score(e.scores);
    ctx.publish('v2.quality.evaluations', {
      id: e.id,
      conversationId: e.conversationId,
      agent: { id: e.agentId, displayName: ctx.users.get(e.agentId)?.name },
      evaluator: { id: e.evaluatorId, displayName: ctx.users.get(e.evaluatorId)?.name },
      eventTime: ctx.iso(),
      evaluationFormId: CALL_FORM.id,
      formName: CALL_FORM.name,
      scoringSet: { totalScore: s.totalScore, totalCriticalScore: s.totalCriticalScore },
      contextId: CALL_FORM.contextId,
      status: TOPIC_STATUS[e.status],
      ...(previous !== undefined && { previousStatus: TOPIC_STATUS[previous] }),
      agentHasRead: e.agentHasRead,
      ...(e.releaseDate !== undefined && { releaseDate: e.releaseDate }),
      assignedDate: e.assignedDate,
      changedDate: e.changedDate,
      eventType,
      divisionIds: ['*'],
      rescore: false,
      mediaType: ['CALL'],
      disputeCount: 0,
      version: e.version,
    });
  };

  /** Handles a coaching or quality request, or returns undefined when the path is not one. */
  const route = (method: string, path: string, url: URL, body: unknown, caller: string): Response | undefined => {
    let m: RegExpExecArray | null;
    if (path === '/api/v2/coaching/appointments' && method === 'POST') {
      if (!isSupervisor(caller)) return ctx.error(403, 'Missing permission coaching:appointment:add.', 'missing.any.permissions');
      const b = (body ?? {}) as Record<string, unknown>;
      const attendeeIds = b.attendeeIds;
      if (typeof b.name !== 'string' || typeof b.description !== 'string' || typeof b.dateStart !== 'string' || !Number.isInteger(b.lengthInMinutes) || !Array.isArray(attendeeIds) || attendeeIds.length === 0) {
        return ctx.error(400, 'name, description, dateStart, lengthInMinutes and attendeeIds are required.', 'bad.request');
      }
      if (attendeeIds.some((id) => !ctx.users.has(id as string))) return ctx.error(400, 'Unknown attendee.', 'bad.request');
      const a = createAppointment({ name: b.name, description: b.description, dateStart: Date.parse(b.dateStart), lengthInMinutes: b.lengthInMinutes as number, attendeeIds: attendeeIds as string[], facilitatorId: typeof b.facilitatorId === 'string' ? b.facilitatorId : caller, createdById: caller, conversationIds: Array.isArray(b.conversationIds) ? (b.conversationIds as string[]) : [] });
      return HttpResponse.json(appointmentJson(a), { status: 201 });
    }
    if ((path === '/api/v2/coaching/appointments' || path === '/api/v2/coaching/appointments/me') && method === 'GET') {
      const mine = path.endsWith('/me');
      if (!mine && !isSupervisor(caller)) return ctx.error(403, 'Missing permission coaching:appointment:view.', 'missing.any.permissions');
      const userIds = mine ? [caller] : (url.searchParams.get('userIds') ?? '').split(',').filter(Boolean);
      if (userIds.length === 0) return ctx.error(400, 'userIds is required.', 'bad.request');
      const list = [...appointments.values()].filter((a) => userIds.some((u) => involved(a, u)) && inInterval(a, url.searchParams.get('interval'))).map(appointmentJson);
      return HttpResponse.json({ ...page(list, url), selfUri: path });
    }
    if ((m = /^\/api\/v2\/coaching\/appointments\/([^/]+)(\/status)?$/.exec(path)) !== null) {
      const a = appointments.get(decodeURIComponent(m[1] as string));
      if (a === undefined) return ctx.error(404, 'Appointment not found.', 'not.found');
      if (!involved(a, caller) && !isSupervisor(caller)) return ctx.error(403, 'Missing permission coaching:appointment:view.', 'missing.any.permissions');
      if (m[2] !== undefined && method === 'PATCH') {
        const status = (body as { status?: unknown })?.status;
        if (status !== 'Scheduled' && status !== 'InProgress' && status !== 'Completed') return ctx.error(400, 'Unknown status.', 'bad.request');
        setStatus(a, status);
        return HttpResponse.json({ appointment: ref(a.id, 'coaching/appointments'), status, createdBy: ref(caller, 'users'), dateCreated: ctx.iso() });
      }
      if (m[2] === undefined && method === 'GET') return HttpResponse.json(appointmentJson(a));
      // Editing needs coaching:appointment:edit except for its creator and facilitator; deleting
      // coaching:appointment:delete except for its creator (reference §4.2). Agents hold neither.
      if (m[2] === undefined && method === 'PATCH') {
        if (caller !== a.createdById && caller !== a.facilitatorId && !isSupervisor(caller)) return ctx.error(403, 'Missing permission coaching:appointment:edit.', 'missing.any.permissions');
        // UpdateCoachingAppointmentRequest: every field optional; facilitator and attendees are not in it.
        const b = (body ?? {}) as Record<string, unknown>;
        if ((b.dateStart !== undefined && (typeof b.dateStart !== 'string' || Number.isNaN(Date.parse(b.dateStart)))) || (b.lengthInMinutes !== undefined && !(Number.isInteger(b.lengthInMinutes) && (b.lengthInMinutes as number) > 0))) {
          return ctx.error(400, 'dateStart must be an ISO-8601 time and lengthInMinutes a positive integer.', 'bad.request');
        }
        if (typeof b.name === 'string') a.name = b.name;
        if (typeof b.description === 'string') a.description = b.description;
        if (typeof b.dateStart === 'string') a.dateStart = ctx.iso(Math.floor(Date.parse(b.dateStart) / 60_000) * 60_000);
        if (b.lengthInMinutes !== undefined) a.lengthInMinutes = b.lengthInMinutes as number;
        a.dateModified = ctx.iso();
        notify(a, 'Update');
        return HttpResponse.json(appointmentJson(a));
      }
      if (m[2] === undefined && method === 'DELETE') {
        if (caller !== a.createdById && !isSupervisor(caller)) return ctx.error(403, 'Missing permission coaching:appointment:delete.', 'missing.any.permissions');
        remove(a);
        return HttpResponse.json(appointmentJson(a));
      }
    }
    if (path === '/api/v2/quality/publishedforms/evaluations' && method === 'GET') {
      const { questionGroups: _q, ...summary } = CALL_FORM;
      return HttpResponse.json({ ...page([summary], url), selfUri: path });
    }
    if ((m = /^\/api\/v2\/quality\/publishedforms\/evaluations\/([^/]+)$/.exec(path)) !== null && method === 'GET') {
      return decodeURIComponent(m[1] as string) === CALL_FORM.id ? HttpResponse.json(CALL_FORM) : ctx.error(404, 'Form not found.', 'not.found');
    }
    if ((m = /^\/api\/v2\/quality\/conversations\/([^/]+)\/evaluations(?:\/([^/]+))?$/.exec(path)) !== null) {
      const conversationId = decodeURIComponent(m[1] as string);
      if (m[2] === undefined && method === 'POST') {
        if (!isSupervisor(caller)) return ctx.error(403, 'Missing permission quality:evaluation:add.', 'missing.any.permissions');
        const b = (body ?? {}) as { evaluationForm?: { id?: unknown }; agent?: { id?: unknown }; evaluator?: { id?: unknown }; status?: unknown; answers?: unknown };
        if (b.evaluationForm?.id !== CALL_FORM.id) return ctx.error(400, 'Unknown evaluation form.', 'bad.request');
        if (typeof b.agent?.id !== 'string' || !ctx.users.has(b.agent.id)) return ctx.error(400, 'Unknown agent.', 'bad.request');
        const scores = b.answers === undefined ? [] : readScores(b.answers);
        if (typeof scores === 'string') return ctx.error(400, scores, 'bad.request');
        const e: EvaluationRecord = {
          id: mockId('evaluation', ++seq),
          conversationId,
          formId: CALL_FORM.id,
          agentId: b.agent.id,
          evaluatorId: typeof b.evaluator?.id === 'string' ? b.evaluator.id : caller,
          status: b.status === 'PENDING' ? 'PENDING' : 'INPROGRESS',
          scores,
          ...(typeof (b.answers as { comments?: unknown })?.comments === 'string' && { comments: (b.answers as { comments: string }).comments }),
          agentHasRead: false,
          assignedDate: ctx.iso(),
          changedDate: ctx.iso(),
          version: 1,
        };
        evaluations.set(e.id, e);
        publishEvaluation(e, undefined, 'Created');
        return HttpResponse.json(evaluationJson(e, true));
      }
      const e = m[2] === undefined ? undefined : evaluations.get(decodeURIComponent(m[2]));
      if (e === undefined || e.conversationId !== conversationId) return ctx.error(404, 'Evaluation not found.', 'not.found');
      const own = e.agentId === caller;
      if (!isSupervisor(caller) && !(own && released(e))) return ctx.error(403, 'Missing permission quality:evaluation:view.', 'missing.any.permissions');
      if (method === 'GET') return HttpResponse.json(evaluationJson(e, true));
      if (method === 'PUT') {
        const b = (body ?? {}) as { status?: unknown; answers?: { agentComments?: unknown; comments?: unknown }; agentHasRead?: unknown; releaseDate?: unknown; version?: unknown };
        // A write based on another version is refused as Genesys refuses it (status 409, its error body).
        if (typeof b.version === 'number' && b.version !== e.version) return ctx.error(409, 'The version number of the modified resource must match the version number in the database.', 'conflict');
        const previous = e.status;
        if (!isSupervisor(caller)) {
          // quality:evaluation:editAgentSignoff: the agent's comments and sign-off, nothing else.
          if (typeof b.agentHasRead === 'boolean') e.agentHasRead = b.agentHasRead;
          if (typeof b.answers?.agentComments === 'string') e.agentComments = b.answers.agentComments;
        } else {
          if (b.answers !== undefined) {
            const scores = readScores(b.answers);
            if (typeof scores === 'string') return ctx.error(400, scores, 'bad.request');
            e.scores = scores;
            if (typeof b.answers.comments === 'string') e.comments = b.answers.comments;
          }
          if (b.status === 'PENDING' || b.status === 'INPROGRESS' || b.status === 'FINISHED' || b.status === 'RETRACTED') e.status = b.status;
          if (typeof b.releaseDate === 'string') e.releaseDate = b.releaseDate;
          if (e.status !== 'FINISHED') e.agentHasRead = false;
        }
        e.changedDate = ctx.iso();
        e.version++;
        publishEvaluation(e, previous, 'Updated');
        return HttpResponse.json(evaluationJson(e, true));
      }
    }
    if (path === '/api/v2/quality/evaluations/query' && method === 'GET') {
      const p = url.searchParams;
      const agentUserId = p.get('agentUserId');
      const evaluatorUserId = p.get('evaluatorUserId');
      const conversationId = p.get('conversationId');
      if (agentUserId === null && evaluatorUserId === null && conversationId === null && p.get('assigneeUserId') === null) {
        return ctx.error(400, 'One of conversationId, evaluatorUserId, agentUserId or assigneeUserId is required.', 'bad.request');
      }
      if (!isSupervisor(caller) && agentUserId !== caller) return ctx.error(403, 'Missing permission quality:evaluation:view.', 'missing.any.permissions');
      const list = [...evaluations.values()]
        .filter((e) => (agentUserId === null || e.agentId === agentUserId) && (evaluatorUserId === null || e.evaluatorId === evaluatorUserId) && (conversationId === null || e.conversationId === conversationId))
        .filter((e) => isSupervisor(caller) || released(e))
        .map((e) => evaluationJson(e, p.get('expandAnswerTotalScores') === 'true'));
      const res = page(list, url);
      const more = res.pageNumber < res.pageCount;
      return HttpResponse.json({ ...res, ...(more && { nextUri: `${path}?${new URLSearchParams({ ...Object.fromEntries(p), pageNumber: String(res.pageNumber + 1) })}` }), selfUri: path });
    }
    return undefined;
  };

  return {
    route,
    createAppointment,
    appointment: (id: string) => {
      const a = appointments.get(id);
      return a === undefined ? undefined : appointmentJson(a);
    },
    setStatus(id: string, status: Status): void {
      const a = appointments.get(id);
      if (a === undefined) throw new Error(`Genesys mock: no appointment ${id}`);
      setStatus(a, status);
    },
    remove(id: string): void {
      const a = appointments.get(id);
      if (a === undefined) throw new Error(`Genesys mock: no appointment ${id}`);
      remove(a);
    },
    evaluation: (id: string) => {
      const e = evaluations.get(id);
      return e === undefined ? undefined : evaluationJson(e, true);
    },
  };
}
