import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The Lua scripts behind {@link RedisRelayStore}. Each store operation that reads and then writes is one
 * script, so it is atomic across every relay sharing the Redis: above all `take`, which finds and consumes
 * a code in one step. Keys are laid out in `redis-records.ts`.
 */

export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

function script(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/**
 * Runs a script by its SHA, loading it with EVAL the first time (and after a Redis restart flushed it).
 *
 * @example
 * const id = await runScript(redis, ADD_CODE, [seq, all, byIdentifier, open], args);
 */
export async function runScript(
  client: Redis,
  { lua, sha }: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return client.eval(lua, keys.length, ...keys, ...args);
  }
}

// Keys shared by many records only ever get a longer TTL, so a short-lived entry cannot cut another's.
const EXTEND = `
local function extend(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
`;

/**
 * KEYS: sequence, all records, the identifier's records, the identifier's unconsumed records.
 * ARGV: prefix, id suffix, createdAt, keep ms, max records, channel, event, field/value pairs…
 * The id embeds a Redis-wide sequence number, so records pushed in the same millisecond keep push order
 * (sorted sets order equal scores by member). Returns the id.
 */
export const ADD_CODE = script(`${EXTEND}
local prefix, keep = ARGV[1], tonumber(ARGV[4])
local seq = tostring(redis.call('INCR', KEYS[1]))
local id = 'tc_' .. string.rep('0', 12 - #seq) .. seq .. ARGV[2]
local record = prefix .. 'code:' .. id
redis.call('HSET', record, 'id', id, unpack(ARGV, 8))
redis.call('PEXPIRE', record, keep)
for i = 2, 4 do redis.call('ZADD', KEYS[i], ARGV[3], id) end
for i = 1, 4 do extend(KEYS[i], keep) end
local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if extra > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, extra - 1)) do
    local h = redis.call('HGET', prefix .. 'code:' .. old, 'h')
    if h then
      redis.call('ZREM', prefix .. 'idx:' .. h, old)
      redis.call('ZREM', prefix .. 'open:' .. h, old)
    end
    redis.call('DEL', prefix .. 'code:' .. old)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1)
end
redis.call('PUBLISH', ARGV[6], ARGV[7])
return id
`);

/**
 * KEYS: the identifier's unconsumed records. ARGV: prefix, identifier key, since, at, want ('', 'code' or
 * 'link'), '1' when the waiter has a run id, run id, hold ms ('' for a final take). A held record stays in
 * the open index until it is acknowledged, and matches again once its hold has lapsed. `matches` is `codeMatches()` of store.ts clause by
 * clause; the identifier key was computed by `identifierKey()` in JavaScript on both push and take, because
 * Lua's `string.lower` and `%s` know only ASCII and would route `ÄRGER@example.de` differently.
 * Takes the oldest match (lowest score, then lowest id), marks it consumed and returns its fields, or nil.
 */
export const TAKE_CODE = script(`
local prefix, key, since, at, want = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local run = false
if ARGV[6] == '1' then run = ARGV[7] end
local function matches(f)
  local fkey, runId, code, link, createdAt, expiresAt, consumedAt = f[1], f[2], f[3], f[4], f[5], f[6], f[7]
  return (not consumedAt or (f[8] and tonumber(f[8]) <= at))
    and tonumber(expiresAt) > at
    and tonumber(createdAt) >= since
    and fkey == key
    and (not runId or runId == run)
    and ((want == 'code' and code ~= false) or (want == 'link' and link ~= false) or want == '')
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[3], '+inf')) do
  local record = prefix .. 'code:' .. id
  local f = redis.call('HMGET', record, 'key', 'runId', 'code', 'link', 'createdAt', 'expiresAt', 'consumedAt',
    'heldUntil')
  if not f[1] then
    redis.call('ZREM', KEYS[1], id)
  elseif matches(f) then
    redis.call('HSET', record, 'consumedAt', ARGV[4])
    if ARGV[8] == '' then
      redis.call('HDEL', record, 'heldUntil')
      redis.call('ZREM', KEYS[1], id)
    else
      redis.call('HSET', record, 'heldUntil', tostring(at + tonumber(ARGV[8])))
    end
    return redis.call('HGETALL', record)
  end
end
return false
`);

/**
 * KEYS: the identifier's unconsumed records. ARGV: prefix, id, the `consumedAt` the take set, at, channel,
 * event. Puts a taken record back (clears `consumedAt`, re-indexes it as open) when it is still the same
 * take's and not expired, and wakes waiters on every relay. Returns 1 if put back, 0 otherwise.
 */
export const RELEASE_CODE = script(`
local record = ARGV[1] .. 'code:' .. ARGV[2]
local f = redis.call('HMGET', record, 'createdAt', 'expiresAt', 'consumedAt')
if not f[1] or f[3] ~= ARGV[3] or tonumber(f[2]) <= tonumber(ARGV[4]) then return 0 end
redis.call('HDEL', record, 'consumedAt', 'heldUntil')
redis.call('ZADD', KEYS[1], f[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < redis.call('PTTL', record) then
  redis.call('PEXPIRE', KEYS[1], redis.call('PTTL', record))
end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`);

/**
 * KEYS: the identifier's unconsumed records. ARGV: prefix, id, the `consumedAt` the take set. Makes a held
 * take final (drops the hold and the open-index entry) if it is still this take's. Returns 1 or 0.
 */
export const ACK_CODE = script(`
local record = ARGV[1] .. 'code:' .. ARGV[2]
if redis.call('HGET', record, 'consumedAt') ~= ARGV[3] then return 0 end
redis.call('HDEL', record, 'heldUntil')
redis.call('ZREM', KEYS[1], ARGV[2])
return 1
`);

/**
 * KEYS: the index to read (all records, or one identifier's). ARGV: prefix, limit, identifier key ('' for
 * any), '1' when filtering by run id, run id, otp type ('' for any). Newest first; equal times in reverse
 * push order. Returns a list of field lists; forgets index entries whose record Redis expired.
 */
export const HISTORY = script(`
local prefix, limit = ARGV[1], tonumber(ARGV[2])
local out, stale, start = {}, {}, 0
while #out < limit do
  local ids = redis.call('ZREVRANGE', KEYS[1], start, start + 99)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    local fields = redis.call('HGETALL', prefix .. 'code:' .. id)
    if #fields == 0 then
      stale[#stale + 1] = id
    else
      local f = {}
      for i = 1, #fields, 2 do f[fields[i]] = fields[i + 1] end
      if (ARGV[3] == '' or f.key == ARGV[3]) and (ARGV[4] ~= '1' or f.runId == ARGV[5])
        and (ARGV[6] == '' or f.otpType == ARGV[6]) then
        out[#out + 1] = fields
        if #out >= limit then break end
      end
    end
  end
  start = start + 100
end
for _, id in ipairs(stale) do redis.call('ZREM', KEYS[1], id) end
return out
`);

// Waiting runs: a hash of id → JSON, and a sorted set of id → deadline (a lease for runs held in-process).
// Lapsed entries are purged whenever the list is touched, so a relay that died leaves nothing behind.
const PURGE = `
local function purge(now)
  local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  for _, id in ipairs(gone) do redis.call('HDEL', KEYS[1], id) end
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
end
`;

/**
 * KEYS: runs, deadlines. ARGV: now, id, run JSON, deadline, keep ms, channel, event, '1' to announce
 * always or '0' only when the entry was missing (a lease refresh after a Redis restart). Returns 1 if announced.
 */
export const SET_WAITING = script(`${EXTEND}${PURGE}
purge(ARGV[1])
local created = redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
extend(KEYS[1], tonumber(ARGV[5]))
extend(KEYS[2], tonumber(ARGV[5]))
if ARGV[8] == '1' or created == 1 then
  redis.call('PUBLISH', ARGV[6], ARGV[7])
  return 1
end
return 0
`);

/**
 * KEYS: runs, deadlines. ARGV: id, channel, event, and '' to remove unconditionally or a time to remove
 * only if the deadline has passed by then (another relay may have refreshed it). Returns 1 if removed.
 */
export const CLEAR_WAITING = script(`
if ARGV[4] ~= '' then
  local deadline = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if not deadline or tonumber(deadline) > tonumber(ARGV[4]) then return 0 end
end
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/** KEYS: runs, deadlines. ARGV: now. Returns the JSON of every run whose deadline has not passed. */
export const LIST_WAITING = script(`${PURGE}
purge(ARGV[1])
return redis.call('HVALS', KEYS[1])
`);
