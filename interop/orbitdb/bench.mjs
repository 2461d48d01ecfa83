// OrbitDB 4's own speed at the work `tributary bench oplog-local` measures, as its baseline; prints one
// JSON line on standard output:
//   {"orbitdb":"4.0.0","node":"v22...","entries":N,"timing":"process-cpu","appendsPerSecond":...,
//    "joinEntriesPerSecond":...,"verificationsPerSecond":...,"iterateEntriesPerSecond":...,
//    "wallClock":{...the same four rates by elapsed time...},"heapUsedMb":...}
//
//   node_modules/.bin/node bench.mjs N
//
// - appends: N db.add() on an events database (IPFS access controller, heads and index in memory, blocks
//   in the in-memory blockstore of lib/peers.mjs), each signed, access-checked and stored as OrbitDB does;
// - joins: a second peer with an empty log joins the whole log from its heads (log.joinEntry, what Sync
//   does): every entry fetched, decoded, checked against the access list and its signature verified;
// - verifications: Entry.verify (the entry signature check joins use) of all N entries, decoded
//   beforehand, newest first. OrbitDB caches the last 1,000 signatures it verified; verifying newest
//   first after the join (which verified oldest last) misses that cache throughout when N >= 2,000;
// - iterate: the whole log read back through db.iterator().
// Single-threaded, as Node runs it. The rates are per second of the process's CPU time (user + system, from
// process.cpuUsage()), so that a shared, loaded machine still gives one core's rate; "wallClock" has the same
// rates by elapsed time (performance.now()).
import { mkdtempSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Entry } from '@orbitdb/core'
import { memoryIpfs, createPeer, openDatabase, replicate } from './lib/peers.mjs'

const n = Number(process.argv[2])
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write('usage: bench.mjs N (a number of entries, at least 1)\n')
  process.exit(2)
}
const perSecond = (count, ms) => Math.round(count / (ms / 1000))
/** Runs fn and returns [elapsed ms, CPU ms]. */
const timed = async (fn) => {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(cpu)
  return [performance.now() - wall, (used.user + used.system) / 1000]
}
const directory = mkdtempSync(join(tmpdir(), 'orbitdb-bench-'))
try {
  const ipfs = memoryIpfs()
  const a = await createPeer('benchA', ipfs, join(directory, 'a'))
  const b = await createPeer('benchB', ipfs, join(directory, 'b'))
  const dbA = await openDatabase(a, 'bench', { type: 'events', write: [a.identity.id] })
  const dbB = await openDatabase(b, dbA.address)

  const [appendMs, appendCpuMs] = await timed(async () => {
    for (let i = 0; i < n; i++) await dbA.add(`entry ${i}`)
  })

  const [joinMs, joinCpuMs] = await timed(() => replicate(dbA, dbB))
  const joined = (await dbB.log.values()).length
  if (joined !== n) throw new Error(`the join left ${joined} entries, not ${n}`)

  const entries = []
  for await (const e of dbA.log.iterator()) entries.push(await Entry.decode(await dbA.log.storage.get(e.hash)))
  const [verifyMs, verifyCpuMs] = await timed(async () => {
    for (const e of entries) {
      if (!await Entry.verify(a.identities, e)) throw new Error(`entry ${e.hash} does not verify`)
    }
  })

  let iterated = 0
  const [iterateMs, iterateCpuMs] = await timed(async () => {
    for await (const e of dbB.iterator()) if (e) iterated++
  })

  const pkg = JSON.parse(readFileSync(new URL('./node_modules/@orbitdb/core/package.json', import.meta.url)))
  process.stdout.write(JSON.stringify({
    orbitdb: pkg.version,
    node: process.version,
    entries: n,
    timing: 'process-cpu',
    appendsPerSecond: perSecond(n, appendCpuMs),
    joinEntriesPerSecond: perSecond(n, joinCpuMs),
    verificationsPerSecond: perSecond(n, verifyCpuMs),
    iterateEntriesPerSecond: perSecond(iterated, iterateCpuMs),
    wallClock: {
      appendsPerSecond: perSecond(n, appendMs),
      joinEntriesPerSecond: perSecond(n, joinMs),
      verificationsPerSecond: perSecond(n, verifyMs),
      iterateEntriesPerSecond: perSecond(iterated, iterateMs)
    },
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576)
  }) + '\n')
  await a.orbitdb.stop()
  await b.orbitdb.stop()
} finally {
  rmSync(directory, { recursive: true, force: true })
}
