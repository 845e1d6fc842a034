import { randomBytes } from 'node:crypto';
import { pseudonymsFor } from './pseudonyms';

describe('pseudonymsFor', () => {
  const key = randomBytes(32);
  const alice = pseudonymsFor(key, 'analyst-alice');

  it('gives one id one pseudonym within a scope, and resolves it back', () => {
    const p = alice.pseudonymise('c', 'case-0001');
    expect(p).toMatch(/^c_[A-Za-z0-9_-]+$/);
    expect(p).not.toContain('case-0001');
    expect(pseudonymsFor(key, 'analyst-alice').pseudonymise('c', 'case-0001')).toBe(p);
    expect(alice.resolve(p)).toEqual({ kind: 'c', id: 'case-0001' });
    expect(alice.pseudonymise('c', 'case-0002')).not.toBe(p);
  });

  it('unlinks scopes: another analyst gets another pseudonym and cannot resolve this one', () => {
    const bob = pseudonymsFor(key, 'analyst-bob');
    const p = alice.pseudonymise('c', 'case-0001');
    expect(bob.pseudonymise('c', 'case-0001')).not.toBe(p);
    expect(bob.resolve(p)).toBeNull();
    expect(pseudonymsFor(randomBytes(32), 'analyst-alice').resolve(p)).toBeNull();
  });

  it('refuses forged, altered and relabelled pseudonyms', () => {
    const p = alice.pseudonymise('c', 'case-0001');
    const body = Buffer.from(p.slice(2), 'base64url');
    body.writeUInt8(body.readUInt8(body.length - 1) ^ 1, body.length - 1);
    expect(alice.resolve(`c_${body.toString('base64url')}`)).toBeNull();
    expect(alice.resolve(`goal_${p.slice(2)}`)).toBeNull();
    expect(alice.resolve('c_AAAA')).toBeNull();
    expect(alice.resolve('case-0001')).toBeNull();
    expect(alice.resolve('')).toBeNull();
    expect(alice.resolve(`c_${randomBytes(40).toString('base64url')}`)).toBeNull();
  });

  it('keeps kinds apart: the same id as two kinds gives two pseudonyms', () => {
    expect(alice.pseudonymise('goal', 'x-1').slice(5)).not.toBe(alice.pseudonymise('need', 'x-1').slice(5));
    expect(() => alice.pseudonymise('Case', 'x')).toThrow(RangeError);
    expect(() => pseudonymsFor(key, '')).toThrow(RangeError);
  });

  it('shifts a case by a stable whole number of days within the bound', () => {
    const shifts = Array.from({ length: 200 }, (_, i) => alice.shiftDays(`case-${i}`, 30));
    for (const s of shifts) expect(Number.isInteger(s) && s >= -30 && s <= 30).toBe(true);
    expect(new Set(shifts).size).toBeGreaterThan(10);
    expect(alice.shiftDays('case-7', 30)).toBe(pseudonymsFor(key, 'analyst-alice').shiftDays('case-7', 30));
    expect(alice.shiftDays('case-7', 0)).toBe(0);
  });
});
