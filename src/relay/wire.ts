import { z } from 'zod';
import type { RelayCode, WaitingRun } from './store.js';

/**
 * A code as the relay sends it: Skyvern's `{ totp_code_id, totp_identifier, code, source, created_at }`
 * plus the run metadata, the link and the state, in the same snake_case style.
 */
export interface WireCode {
  totp_code_id: string;
  totp_identifier: string;
  code: string | null;
  link: string | null;
  otp_type: RelayCode['otpType'];
  source: string;
  workflow_run_id: string | null;
  workflow_id: string | null;
  task_id: string | null;
  created_at: string;
  expired_at: string;
  consumed_at: string | null;
  /** Only when the waiter asked to acknowledge (`ack=1`): acknowledge by then, or the code is handed out again. */
  ack_by?: string | null;
}

export interface WireWaitingRun {
  wait_id: string;
  totp_identifier: string;
  workflow_run_id: string | null;
  kind: string;
  since: string;
  deadline: string | null;
}

// Clamped to the range a Date can show: a stored time must never turn a listing into a RangeError (a 500).
const MAX_DATE_MS = 8.64e15;
const iso = (ms: number) =>
  new Date(Number.isFinite(ms) ? Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms)) : 0).toISOString();

export function toWire(code: RelayCode): WireCode {
  return {
    totp_code_id: code.id,
    totp_identifier: code.identifier,
    code: code.code ?? null,
    link: code.link ?? null,
    otp_type: code.otpType,
    source: code.source,
    workflow_run_id: code.runId ?? null,
    workflow_id: code.workflowId ?? null,
    task_id: code.taskId ?? null,
    created_at: iso(code.createdAt),
    expired_at: iso(code.expiresAt),
    consumed_at: code.consumedAt === undefined ? null : iso(code.consumedAt),
    ...(code.heldUntil === undefined ? {} : { ack_by: iso(code.heldUntil) }),
  };
}

export function waitingToWire(run: WaitingRun): WireWaitingRun {
  return {
    wait_id: run.id,
    totp_identifier: run.identifier,
    workflow_run_id: run.runId ?? null,
    kind: run.kind,
    since: iso(run.since),
    deadline: run.deadline === null ? null : iso(run.deadline),
  };
}

// Lenient on purpose: Skyvern-compatible relays may send ISO times without a zone or without ms.
const time = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'Expected an ISO date-time')
  .transform((value) => Date.parse(value));
const nullable = z.string().nullish();

/** Parses what a relay (ours, or a compatible one) returned; unknown fields are ignored. */
export const wireCodeSchema = z
  .object({
    totp_code_id: z.string(),
    totp_identifier: z.string(),
    code: nullable,
    link: nullable,
    otp_type: z.enum(['totp', 'magic_link']).optional(),
    source: z.string().nullish(),
    workflow_run_id: nullable,
    workflow_id: nullable,
    task_id: nullable,
    created_at: time,
    expired_at: time.nullish(),
    consumed_at: time.nullish(),
    ack_by: time.nullish(),
  })
  .transform(
    (wire): RelayCode => ({
      id: wire.totp_code_id,
      identifier: wire.totp_identifier,
      ...(wire.workflow_run_id ? { runId: wire.workflow_run_id } : {}),
      ...(wire.workflow_id ? { workflowId: wire.workflow_id } : {}),
      ...(wire.task_id ? { taskId: wire.task_id } : {}),
      ...(wire.code ? { code: wire.code } : {}),
      ...(wire.link ? { link: wire.link } : {}),
      otpType: wire.otp_type ?? (wire.code ? 'totp' : 'magic_link'),
      source: wire.source ?? 'relay',
      createdAt: wire.created_at,
      expiresAt: wire.expired_at ?? Number.POSITIVE_INFINITY,
      ...(wire.consumed_at ? { consumedAt: wire.consumed_at } : {}),
      ...(wire.ack_by ? { heldUntil: wire.ack_by } : {}),
    }),
  );

export const wireWaitingSchema = z
  .object({
    wait_id: z.string(),
    totp_identifier: z.string(),
    workflow_run_id: nullable,
    kind: z.string(),
    since: time,
    deadline: time.nullable(),
  })
  .transform(
    (wire): WaitingRun => ({
      id: wire.wait_id,
      identifier: wire.totp_identifier,
      ...(wire.workflow_run_id ? { runId: wire.workflow_run_id } : {}),
      kind: wire.kind,
      since: wire.since,
      deadline: wire.deadline,
    }),
  );
