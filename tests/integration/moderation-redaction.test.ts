/**
 * Redaction edge cases (issue 6, tester's findings): a redaction only edits text, so held, hidden and pending items
 * keep their state, `pending` and open reports; a part's `expected` text guards against a stale view (409
 * version_conflict, nothing changed); parts are widened to whole code points (no lone surrogates stored); a result
 * longer than the field allows is refused (422 validation_failed, nothing changed) while adjacent parts merge; and
 * `moderation` notices never reveal the moderator (stored and live).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_MARK } from '../../shared/index.js';
import { userWithRole, type RoleUser } from '../helpers/plans.js';
import { nextEvent, startServer, type TestServer } from '../helpers/server.js';
import { act, make, type Made } from '../helpers/moderation.js';
import { openThread, POINT } from '../helpers/threads.js';

let server: TestServer;
let author: RoleUser;
let reporter1: RoleUser;
let reporter2: RoleUser;
let moderator: RoleUser;
let moderator2: RoleUser;

beforeAll(async () => {
  server = await startServer({ reportThreshold: 2 });
  author = await userWithRole(server, 'partner', 'Auteur');
  reporter1 = await userWithRole(server, 'resident', 'Melder Een');
  reporter2 = await userWithRole(server, 'resident', 'Melder Twee');
  moderator = await userWithRole(server, 'moderator', 'Mod Marit');
  moderator2 = await userWithRole(server, 'moderator', 'Mod Henk');
});
afterAll(async () => {
  await server?.close();
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

async function body(id: string): Promise<string> {
  return (await server.app.store.db.selectFrom('comments').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body;
}

function redact(who: RoleUser, m: Made, field: string, parts: unknown[]) {
  return act(who, m, 'redact', { reason: 'Persoonsgegevens', field, parts });
}

async function pendingIds(): Promise<string[]> {
  const r = await moderator.agent.request('GET', '/api/v1/moderation/queue?status=pending&limit=100');
  expect(r.status).toBe(200);
  return r.body.items.map((i: any) => i.id);
}

async function auditActions(id: string): Promise<string[]> {
  const rows = await server.app.store.db.selectFrom('moderation_actions').select('action').where('target_id', '=', id).orderBy('at').execute();
  return rows.map((r) => r.action);
}

async function removals(id: string): Promise<string[]> {
  const rows = await server.app.store.db.selectFrom('content_removals').select('action').where('content_id', '=', id).execute();
  return rows.map((r) => r.action);
}

describe('redaction keeps the decision open', () => {
  it('content held by reports stays held, pending and with its open reports; a later restore still works', async () => {
    const text = 'Jan woont op Dorpsstraat 12';
    const m = await make(server, 'comment', author, text);
    for (const who of [reporter1, reporter2]) {
      expect((await who.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: m.id, reason: 'personal_data' })).status).toBe(201);
    }
    const before = (await moderator.agent.request('GET', `/api/v1/moderation/content/comment/${m.id}`)).body.item;
    expect(before).toMatchObject({ state: 'held', pending: 'reports', openReports: 2 });

    const start = text.indexOf('Dorpsstraat');
    const r = await redact(moderator, m, 'body', [{ start, end: text.length, expected: 'Dorpsstraat 12' }]);
    expect(r.status).toBe(200);
    expect(r.body.item).toMatchObject({ state: 'held', pending: 'reports', openReports: 2, fields: { body: `Jan woont op ${REDACTED_MARK}` } });
    expect(await pendingIds()).toContain(m.id);
    const reports = await server.app.store.db.selectFrom('reports').select(['resolved_at', 'resolution']).where('content_id', '=', m.id).execute();
    expect(reports).toEqual([
      { resolved_at: null, resolution: null },
      { resolved_at: null, resolution: null },
    ]);
    expect((await server.app.store.db.selectFrom('comments').select('hidden_at').where('id', '=', m.id).executeTakeFirstOrThrow()).hidden_at).not.toBeNull();

    const restored = await act(moderator, m, 'restore', { reason: 'Adres verwijderd' });
    expect(restored.body.item).toMatchObject({ state: 'visible', pending: null, openReports: 0 });
    expect(await pendingIds()).not.toContain(m.id);
  });

  it('content held for personal data (posted anyway) stays held and pending personal_data', async () => {
    const text = 'Mail me op jan.jansen@example.nl graag';
    const r = await author.agent.request('POST', '/api/v1/comments', { position: POINT, body: text, confirmPersonalData: true });
    expect(r.status).toBe(202);
    const m: Made = { kind: 'comment', id: r.body.id };
    const start = text.indexOf('jan.jansen');
    const end = start + 'jan.jansen@example.nl'.length;
    const out = await redact(moderator, m, 'body', [{ start, end, expected: 'jan.jansen@example.nl' }]);
    expect(out.status).toBe(200);
    expect(out.body.item).toMatchObject({ state: 'held', pending: 'personal_data', fields: { body: `Mail me op ${REDACTED_MARK} graag` } });
    expect(await pendingIds()).toContain(m.id);
  });

  it('visible content with a pending report stays visible and pending; hidden content stays hidden', async () => {
    const m = await make(server, 'comment', author, 'Bel Piet even');
    expect((await reporter1.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: m.id, reason: 'spam' })).status).toBe(201);
    const out = await redact(moderator, m, 'body', [{ start: 4, end: 8, expected: 'Piet' }]);
    expect(out.body.item).toMatchObject({ state: 'visible', pending: 'reports', openReports: 1 });
    expect(await pendingIds()).toContain(m.id);

    const h = await make(server, 'comment', author, 'Verborgen Klaas');
    await act(moderator, h, 'hide');
    const hidden = await redact(moderator, h, 'body', [{ start: 10, end: 15 }]);
    expect(hidden.body.item).toMatchObject({ state: 'hidden', pending: null, fields: { body: `Verborgen ${REDACTED_MARK}` } });
  });

  it('moderators get the edited item as moderation:queued (still pending), not moderation:resolved', async () => {
    const sock = await server.socket(moderator.agent);
    expect(await sock.timeout(5000).emitWithAck('moderation:join', {})).toEqual({ ok: true });
    const m = await make(server, 'comment', author, 'Live Kees hier');
    const queued = nextEvent<any>(sock, 'moderation:queued', (p) => p.item.id === m.id);
    await reporter1.agent.request('POST', '/api/v1/reports', { kind: 'comment', id: m.id, reason: 'spam' });
    await queued;
    const edited = nextEvent<any>(sock, 'moderation:queued', (p) => p.item.id === m.id && p.item.fields.body !== 'Live Kees hier');
    expect((await redact(moderator, m, 'body', [{ start: 5, end: 9, expected: 'Kees' }])).status).toBe(200);
    expect((await edited).item).toMatchObject({ state: 'visible', pending: 'reports', fields: { body: `Live ${REDACTED_MARK} hier` } });
  });
});

describe('a stale view', () => {
  it('two moderators redacting the same part of the same text: the second gets 409 and nothing changes', async () => {
    const text = 'Mijn buur, Hendrik, maakt lawaai';
    const m = await make(server, 'comment', author, text);
    const part = { start: 11, end: 18, expected: text.slice(11, 18) };
    expect(part.expected).toBe('Hendrik');
    const first = await redact(moderator, m, 'body', [part]);
    expect(first.status).toBe(200);
    const after = `Mijn buur, ${REDACTED_MARK}, maakt lawaai`;
    expect(await body(m.id)).toBe(after);

    const second = await redact(moderator2, m, 'body', [part]);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('version_conflict');
    expect(second.body.detail).toMatch(/changed.*reload/i);
    expect(await body(m.id)).toBe(after);
    expect(await auditActions(m.id)).toEqual(['redact']);
    expect(await removals(m.id)).toEqual(['redacted']);
  });

  it('one mismatching part refuses the whole request; without `expected` the indexes apply to the current text', async () => {
    const text = 'Alpha Beta Gamma';
    const m = await make(server, 'comment', author, text);
    const r = await redact(moderator, m, 'body', [{ start: 0, end: 5, expected: 'Alpha' }, { start: 6, end: 10, expected: 'Bet' }]);
    expect(r.status).toBe(409);
    expect(await body(m.id)).toBe(text);
    expect(await auditActions(m.id)).toEqual([]);
    expect(await removals(m.id)).toEqual([]);
    const plain = await redact(moderator, m, 'body', [{ start: 6, end: 10 }]);
    expect(plain.status).toBe(200);
    expect(await body(m.id)).toBe(`Alpha ${REDACTED_MARK} Gamma`);
  });
});

describe('code points', () => {
  it('a part that splits a surrogate pair is widened to the whole character', async () => {
    const a = await make(server, 'comment', author, 'ab😀cd');
    expect((await redact(moderator, a, 'body', [{ start: 0, end: 3 }])).status).toBe(200);
    expect(await body(a.id)).toBe(`${REDACTED_MARK}cd`);

    const b = await make(server, 'comment', author, 'ab😀cd');
    const r = await redact(moderator, b, 'body', [{ start: 3, end: 4, expected: '\uDE00' }]); // the low half only
    expect(r.status).toBe(200);
    expect(await body(b.id)).toBe(`ab${REDACTED_MARK}cd`);
    expect(LONE_SURROGATE.test(await body(b.id))).toBe(false);
    const [entry] = await server.app.store.db.selectFrom('moderation_actions').select('after').where('target_id', '=', b.id).execute();
    expect(JSON.parse(entry!.after!)).toMatchObject({ redacted: [{ field: 'body', start: 2, end: 4 }] });
  });
});

describe('length', () => {
  const title = 'Een titel van precies honderdtwintig tekens over het plein, de bomen, het verkeer en de fietsenstalling bij het station.';

  it('50 one-character parts of a 120-character title → 422, nothing changed', async () => {
    expect([...title].length).toBe(120);
    const t = await openThread(author, { title, text: 'Toelichting' });
    const m: Made = { kind: 'thread', id: t.id };
    const parts = Array.from({ length: 50 }, (_, i) => ({ start: 2 * i, end: 2 * i + 1 }));
    const r = await redact(moderator, m, 'title', parts);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors).toEqual([{ path: 'parts', message: 'select a longer part: the result would be 670 characters, at most 120' }]);
    const row = await server.app.store.db.selectFrom('threads').select('title').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.title).toBe(title);
    expect(await auditActions(t.id)).toEqual([]);
    expect(await removals(t.id)).toEqual([]);
  });

  it('adjacent parts merge into one mark, so the same characters fit', async () => {
    const t = await openThread(author, { title, text: 'Toelichting' });
    const parts = Array.from({ length: 50 }, (_, i) => ({ start: i, end: i + 1 }));
    const r = await redact(moderator, { kind: 'thread', id: t.id }, 'title', parts);
    expect(r.status).toBe(200);
    expect(r.body.item.fields.title).toBe(REDACTED_MARK + title.slice(50));
    expect([...r.body.item.fields.title].length).toBe(82);
  });

  it('a sketch label (at most 80) refuses a result over 80', async () => {
    const label = 'abcdefghij'.repeat(8);
    const m = await make(server, 'sketch', author, label);
    const r = await redact(moderator, m, 'label', [{ start: 0, end: 1 }]);
    expect(r.status).toBe(422);
    expect(r.body.errors[0].message).toBe('select a longer part: the result would be 91 characters, at most 80');
  });
});

describe('moderation notices keep the moderator anonymous', () => {
  it('stored and live, the actor of a moderation notice is {id: null, displayName: "Moderator"}', async () => {
    const m = await make(server, 'comment', author, 'Anoniem gemodereerd');
    const sock = await server.socket(author.agent);
    const live = nextEvent<any>(sock, 'notification:created', (p) => p.notification.moderation?.contentId === m.id);
    expect((await act(moderator, m, 'hide', { reason: 'Kwetsend' })).status).toBe(200);
    const pushed = (await live).notification;
    expect(pushed).toMatchObject({ kind: 'moderation', actor: { id: null, displayName: 'Moderator' } });

    const list = (await author.agent.request('GET', '/api/v1/notifications?limit=100')).body.notifications;
    const stored = list.find((n: any) => n.moderation?.contentId === m.id);
    expect(stored).toMatchObject({ kind: 'moderation', actor: { id: null, displayName: 'Moderator' }, moderation: { action: 'hide', reason: 'Kwetsend' } });
    for (const n of [pushed, stored]) {
      expect(JSON.stringify(n)).not.toContain(moderator.id);
      expect(JSON.stringify(n)).not.toContain('Mod Marit');
    }
  });
});
