// OrbitDB 4's own speed at the work `tributary bench oplog-local` measures, as its baseline; prints one
// JSON line on standard output:
//   {"orbitdb":"4.0.0","node":"v22...","entries":N,"appendsPerSecond":...,"joinEntriesPerSecond":...,
//    "verificationsPerSecond":...,"iterateEntriesPerSecond":...,"heapUsedMb":...}
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
// Single-threaded, as Node runs it; times from performance.now().
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
const directory = mkdtempSync(join(tmpdir(), 'orbitdb-bench-'))
try {
  const ipfs = memoryIpfs()
  const a = await createPeer('benchA', ipfs, join(directory, 'a'))
  const b = await createPeer('benchB', ipfs, join(directory, 'b'))
  const dbA = await openDatabase(a, 'bench', { type: 'events', write: [a.identity.id] })
  const dbB = await openDatabase(b, dbA.address)

  let start = performance.now()
  for (let i = 0; i < n; i++) await dbA.add(`entry ${i}`)
  const appendMs = performance.now() - start

  start = performance.now()
  await replicate(dbA, dbB)
  const joinMs = performance.now() - start
  const joined = (await dbB.log.values()).length
  if (joined !== n) throw new Error(`the join left ${joined} entries, not ${n}`)

  const entries = []
  for await (const e of dbA.log.iterator()) entries.push(await Entry.decode(await dbA.log.storage.get(e.hash)))
  start = performance.now()
  for (const e of entries) {
    if (!await Entry.verify(a.identities, e)) throw new Error(`entry ${e.hash} does not verify`)
  }
  const verifyMs = performance.now() - start

  start = performance.now()
  let iterated = 0
  for await (const e of dbB.iterator()) if (e) iterated++
  const iterateMs = performance.now() - start

  const pkg = JSON.parse(readFileSync(new URL('./node_modules/@orbitdb/core/package.json', import.meta.url)))
  process.stdout.write(JSON.stringify({
    orbitdb: pkg.version,
    node: process.version,
    entries: n,
    appendsPerSecond: perSecond(n, appendMs),
    joinEntriesPerSecond: perSecond(n, joinMs),
    verificationsPerSecond: perSecond(n, verifyMs),
    iterateEntriesPerSecond: perSecond(iterated, iterateMs),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576)
  }) + '\n')
  await a.orbitdb.stop()
  await b.orbitdb.stop()
} finally {
  rmSync(directory, { recursive: true, force: true })
}
