// Signed, expiring links scoped to one task (JWT HS256 via jose). GET shows, POST acts; the token travels in both.
// A link carries a version: when the office resends a link, the task's version moves on and older links stop.
import { compactVerify, decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import type { UserErrorType } from '../../domain/user-errors';

const AUDIENCE = 'school-task';
const ISSUER = 'decree-campaigns';

export type LinkVerdict =
  | { ok: true; version: number }
  /** `genuine`: signed by us for this task, only expired, so a fresh link may be sent to the address on file. */
  | { ok: false; error: UserErrorType; genuine?: { version: number } };

export interface TaskLinks {
  /** The token is a pure function of its inputs, so a retried mail activity writes the same link. */
  sign(taskId: string, issuedAt: Date, expiresAt: Date, version?: number): Promise<string>;
  url(taskId: string, token: string): string;
  verify(token: string, taskId: string, now?: Date): Promise<LinkVerdict>;
}

export function createTaskLinks(secret: string, publicBaseUrl: string): TaskLinks {
  const key = new TextEncoder().encode(secret);
  const versionOf = (payload: Record<string, unknown>) => (typeof payload.v === 'number' ? payload.v : 1);
  async function expiredVerdict(token: string, taskId: string): Promise<LinkVerdict> {
    await compactVerify(token, key); // the signature still has to be ours
    const payload = decodeJwt(token);
    return payload.sub === taskId && payload.aud === AUDIENCE
      ? { ok: false, error: 'LinkExpired', genuine: { version: versionOf(payload) } }
      : { ok: false, error: 'LinkExpired' };
  }
  return {
    sign(taskId, issuedAt, expiresAt, version = 1) {
      return new SignJWT({ v: version })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(taskId)
        .setAudience(AUDIENCE)
        .setIssuer(ISSUER)
        .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
    },
    url(taskId, token) {
      return `${publicBaseUrl.replace(/\/$/, '')}/tasks/${encodeURIComponent(taskId)}?t=${encodeURIComponent(token)}`;
    },
    async verify(token, taskId, now = new Date()) {
      try {
        // A token without an expiry, an issue time or a task is not one of ours, whatever its signature.
        const { payload } = await jwtVerify(token, key, {
          audience: AUDIENCE,
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: now,
          requiredClaims: ['exp', 'iat', 'sub'],
        });
        return payload.sub === taskId
          ? { ok: true, version: versionOf(payload) }
          : { ok: false, error: 'LinkWrongTask' };
      } catch (err) {
        if (err instanceof errors.JWTExpired)
          return expiredVerdict(token, taskId).catch(() => ({ ok: false, error: 'LinkForged' }) as const);
        return { ok: false, error: 'LinkForged' };
      }
    },
  };
}

/** Links outlive the campaign by a grace period; a historic campaign relaunched today still gets usable links. */
export function linkExpiry(
  campaignEnd: string,
  issuedAt: Date,
  policy: { graceDays: number; minValidDays: number },
): Date {
  const day = 24 * 3600 * 1000;
  const afterCampaign = Date.parse(`${campaignEnd}T23:59:59Z`) + policy.graceDays * day;
  return new Date(Math.max(afterCampaign, issuedAt.getTime() + policy.minValidDays * day));
}

/** The link a mail about a task carries: signed at `issuedAt` (a retried mail signs the same), valid per the policy. */
export async function taskLinkUrl(
  links: TaskLinks,
  task: { taskId: string; linkPolicy: { graceDays: number; minValidDays: number } },
  due: string,
  issuedAt: Date,
  version: number,
): Promise<string> {
  return links.url(
    task.taskId,
    await links.sign(task.taskId, issuedAt, linkExpiry(due, issuedAt, task.linkPolicy), version),
  );
}
