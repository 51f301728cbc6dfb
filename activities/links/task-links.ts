// Signed, expiring links scoped to one task (JWT HS256 via jose). GET shows, POST acts; the token travels in both.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { UserErrorType } from '../../domain/user-errors';

const AUDIENCE = 'school-task';
const ISSUER = 'decree-campaigns';

export interface TaskLinks {
  /** The token is a pure function of its inputs, so a retried mail activity writes the same link. */
  sign(taskId: string, issuedAt: Date, expiresAt: Date): Promise<string>;
  url(taskId: string, token: string): string;
  verify(token: string, taskId: string, now?: Date): Promise<{ ok: true } | { ok: false; error: UserErrorType }>;
}

export function createTaskLinks(secret: string, publicBaseUrl: string): TaskLinks {
  const key = new TextEncoder().encode(secret);
  return {
    sign(taskId, issuedAt, expiresAt) {
      return new SignJWT({})
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
        const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, issuer: ISSUER, algorithms: ['HS256'], currentDate: now });
        return payload.sub === taskId ? { ok: true } : { ok: false, error: 'LinkWrongTask' };
      } catch (err) {
        return { ok: false, error: err instanceof errors.JWTExpired ? 'LinkExpired' : 'LinkForged' };
      }
    },
  };
}

/** Links outlive the campaign by a grace period; a historic campaign relaunched today still gets usable links. */
export function linkExpiry(campaignEnd: string, issuedAt: Date, policy: { graceDays: number; minValidDays: number }): Date {
  const day = 24 * 3600 * 1000;
  const afterCampaign = Date.parse(`${campaignEnd}T23:59:59Z`) + policy.graceDays * day;
  return new Date(Math.max(afterCampaign, issuedAt.getTime() + policy.minValidDays * day));
}
