/**
 * The Lua scripts behind the Redis coordinator. Each runs atomically on the server, so "am I first, is
 * the lease free, take it" and "do I still hold the lease, is the window still free, record it" cannot
 * interleave with another worker's steps. Times come from the server's own `TIME`.
 *
 * The epoch key holds the server time at which this Redis began remembering (set on first use, never
 * expiring): a restart without persistence, a flush or a failover to an empty replica removes it, and
 * the next script sets it again. A window that began before the epoch may have been spent in a store
 * that no longer remembers it, so the floor is never below the epoch's window.
 */

const NOW = `local t = redis.call('time') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
const EPOCH_FLOOR = `redis.call('set', KEYS[3], now, 'NX')
local epoch = tonumber(redis.call('get', KEYS[3]))
local period = tonumber(ARGV[1])
local floor = epoch - (epoch % period)
local spent = redis.call('get', KEYS[2])
if spent and tonumber(spent) > floor then floor = tonumber(spent) end`;

/** KEYS: epoch. Starts remembering now, if not already (on connect: the earlier, the fewer windows skipped). */
export const MARK_EPOCH = `${NOW}
redis.call('set', KEYS[1], now, 'NX')
return 1`;

/** KEYS: lease, spent, epoch. ARGV: period ms. → the floor, as a string. */
export const SPENT_FLOOR = `${NOW}
${EPOCH_FLOOR}
return tostring(floor)`;

/**
 * KEYS: lease, spent, epoch. ARGV: period ms, token, window, spent ttl ms. → a `SpendResult`.
 */
export const SPEND = `if redis.call('get', KEYS[1]) ~= ARGV[2] then return 'lease-lost' end
${NOW}
local window = tonumber(ARGV[3])
if now < window then return 'early' end
${EPOCH_FLOOR}
if window <= floor then return 'taken' end
redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[4])
return 'spent'`;

/**
 * KEYS: queue. ARGV: place id, ttl ms, alive-key prefix. Joins at the server's time in µs (the arrival
 * order) and returns that score, so a poll can put the place back where it was if the store forgets it.
 */
export const JOIN = `local t = redis.call('time')
local score = t[1] .. string.format('%06d', tonumber(t[2]))
redis.call('zadd', KEYS[1], 'NX', score, ARGV[1])
redis.call('set', ARGV[3] .. ARGV[1], '1', 'PX', ARGV[2])
redis.call('pexpire', KEYS[1], tonumber(ARGV[2]) * 4)
return score`;

/**
 * KEYS: queue (sorted set of places by arrival), lease. ARGV: place id, arrival score, ttl ms, token,
 * alive-key prefix. Puts the place back if the store forgot it, keeps it alive, drops places whose waiter
 * stopped polling, and takes the lease when this place is first. → 0 when the lease was taken, else the
 * position (logins ahead, holder included, + 1).
 */
export const POLL = `local me = ARGV[1]
local ttl = tonumber(ARGV[3])
if not redis.call('zscore', KEYS[1], me) then redis.call('zadd', KEYS[1], ARGV[2], me) end
redis.call('set', ARGV[5] .. me, '1', 'PX', ttl)
redis.call('pexpire', KEYS[1], ttl * 4)
local ahead = 0
for _, place in ipairs(redis.call('zrange', KEYS[1], 0, -1)) do
  if place == me then break end
  if redis.call('exists', ARGV[5] .. place) == 1 then ahead = ahead + 1 else redis.call('zrem', KEYS[1], place) end
end
local held = redis.call('exists', KEYS[2])
if ahead == 0 and held == 0 then
  redis.call('set', KEYS[2], ARGV[4], 'PX', ttl)
  redis.call('zrem', KEYS[1], me)
  redis.call('del', ARGV[5] .. me)
  return 0
end
return ahead + held + 1`;

/** KEYS: queue. ARGV: place id, alive-key prefix. */
export const LEAVE = `redis.call('zrem', KEYS[1], ARGV[1]) redis.call('del', ARGV[2] .. ARGV[1]) return 1`;

/** KEYS: lease. ARGV: token, ttl ms. */
export const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
/** KEYS: lease. ARGV: token. */
export const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
