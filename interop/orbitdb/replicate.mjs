// OrbitDB 4's replication between two processes on loopback, the baseline of `tributary bench oplog`;
// prints one JSON line on standard output:
//   {"orbitdb":"4.0.0","node":"v22...","entries":N,"writers":1,"nodes":2,
//    "writeEntriesPerSecond":...,           A's N db.add() calls, before B exists
//    "replicateMs":...,"replicateEntriesPerSecond":...,  B (fresh) opening A's address until it holds all N
//    "inSyncMs":...,"inSyncMissed":0,       B reopening the database until its heads exchange with A found nothing
//                                           new (median of 3; an attempt that hears nothing in 60 s is missed)
//    "liveWrites":M,"liveLost":0,"latencyP50Ms":...,"latencyP99Ms":...,  a write at A (db.add called) to its
//                                           'update' at B; writes not arrived 30 s after the last are lost
//    "peakRssMb":{"writer":...,"reader":...},"heapUsedMb":{"writer":...,"reader":...}}
//
//   node_modules/.bin/node replicate.mjs N [--live M] [--interval-ms I] [--timeout S]
//
// Each peer is its own Node process (child_process.fork of this script with --peer) running OrbitDB 4 on
// Helia 6 and libp2p 3 as OrbitDB's own tests set them up: TCP on 127.0.0.1 with a port from the OS, Noise,
// Yamux, identify, gossipsub (allowPublishToZeroTopicPeers) and bitswap as the only block broker (no
// routers: nothing leaves the machine). OrbitDB's Sync does the work: B subscribes to the database's
// topic, A sends its heads over /orbitdb/heads/<address>, B's log joins them and fetches every missing
// ancestor from A through bitswap, one batch of next/refs at a time. Entries, heads and indexes are
// stored as OrbitDB stores them by default (LevelDB in a temporary directory, blocks in Helia's memory).
//
// Progress goes to standard error. The whole run is bounded by --timeout (default 3600 s): past it both peers are killed, the reason goes
// to standard error and the exit code is 3. Usage errors exit with 2, a failed run with 1.
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const self = fileURLToPath(import.meta.url)
const now = () => performance.timeOrigin + performance.now()


// ---------------------------------------------------------------------------------------------------------
// The coordinator: starts the two peers, tells them what to do, and prints the figures.

function usage (message) {
  process.stderr.write(`${message}\nusage: replicate.mjs N [--live M] [--interval-ms I] [--timeout S]` +
    ' (N entries, at least 1; M live writes, default 200; I ms between them, default 25; S seconds in all)\n')
  process.exit(2)
}

function parseArgs (args) {
  const options = { n: NaN, live: 200, intervalMs: 25, timeout: 3600 }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const value = () => {
      const v = Number(args[++i])
      if (!Number.isInteger(v) || v < 0) usage(`${a} needs a whole number, got ${args[i]}`)
      return v
    }
    if (a === '--live') options.live = value()
    else if (a === '--interval-ms') options.intervalMs = value()
    else if (a === '--timeout') options.timeout = value()
    else if (Number.isNaN(options.n) && /^[0-9]+$/.test(a)) options.n = Number(a)
    else usage(`unknown argument ${a}`)
  }
  if (!Number.isInteger(options.n) || options.n < 1) usage('N, the number of entries, must be at least 1')
  if (options.timeout < 1) usage('--timeout must be at least 1 second')
  return options
}

/** A forked peer and a request/answer channel to it over IPC. */
function startPeer (role, directory) {
  const child = fork(self, ['--peer', role, directory], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const waiting = new Map()
  let nextId = 0
  let ready
  const readyPromise = new Promise((resolve, reject) => { ready = { resolve, reject } })
  child.on('message', (m) => {
    if (m.ready) { ready.resolve(m); return }
    const w = waiting.get(m.id)
    if (!w) return
    waiting.delete(m.id)
    if (m.error) w.reject(new Error(`${role}: ${m.error}`))
    else w.resolve(m)
  })
  child.on('exit', (code, signal) => {
    const e = new Error(`the ${role} process ended (${signal || 'exit code ' + code})`)
    ready.reject(e)
    for (const w of waiting.values()) w.reject(e)
    waiting.clear()
  })
  return {
    child,
    ready: readyPromise,
    ask: (message) => new Promise((resolve, reject) => {
      const id = nextId++
      waiting.set(id, { resolve, reject })
      child.send({ ...message, id })
    })
  }
}

const began = now()
/** A progress line on standard error: seconds since the start, then what happened. */
const progress = (text) => process.stderr.write(`[orbitdb ${((now() - began) / 1000).toFixed(1)} s] ${text}\n`)

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

async function coordinate (args) {
  const options = parseArgs(args)
  const directory = mkdtempSync(join(tmpdir(), 'orbitdb-replicate-'))
  const peers = []
  const stopAll = () => { for (const p of peers) p.child.kill('SIGKILL') }
  const timer = setTimeout(() => {
    process.stderr.write(`OrbitDB's replication bench did not finish in ${options.timeout} s\n`)
    stopAll()
    rmSync(directory, { recursive: true, force: true })
    process.exit(3)
  }, options.timeout * 1000)
  try {
    const writer = startPeer('writer', join(directory, 'a'))
    const reader = startPeer('reader', join(directory, 'b'))
    peers.push(writer, reader)
    const { addrs } = await writer.ready
    const { peerId: readerId } = await reader.ready

    progress(`A writes ${options.n} entries`)
    const written = await writer.ask({ cmd: 'write', n: options.n })
    progress(`A wrote them in ${(written.ms / 1000).toFixed(1)} s; B dials A and opens the database`)
    await reader.ask({ cmd: 'dial', addrs })
    const replicated = await reader.ask({ cmd: 'replicate', address: written.address, head: written.head, n: options.n })
    progress(`B replicated ${options.n} entries in ${(replicated.ms / 1000).toFixed(1)} s`)

    // Already in sync: B closes the database, A sees it leave, B opens it again and times the heads exchange.
    // OrbitDB exchanges heads only when a peer subscribes; an attempt that hears nothing in 60 s is missed.
    const inSync = []
    let inSyncMissed = 0
    for (let i = 0; i < 3; i++) {
      await reader.ask({ cmd: 'close' })
      await writer.ask({ cmd: 'awaitLeave', peerId: readerId, timeoutMs: 60000 })
      const r = await reader.ask({ cmd: 'insync', address: written.address, timeoutMs: 60000 })
      if (r.ms === null) inSyncMissed++
      else inSync.push(r.ms)
    }
    inSync.sort((x, y) => x - y)
    progress(`already in sync: ${inSync.map((x) => x.toFixed(0) + ' ms').join(', ')}${inSyncMissed ? `, ${inSyncMissed} missed` : ''}`)

    let latencies = []
    let liveLost = 0
    if (options.live > 0) {
      const listening = reader.ask({ cmd: 'listen', count: options.live })
      await reader.ask({ cmd: 'ping' }) // the reader is listening before the first live write
      progress(`A makes ${options.live} live writes, one each ${options.intervalMs} ms`)
      await writer.ask({ cmd: 'live', count: options.live, intervalMs: options.intervalMs })
      await reader.ask({ cmd: 'settle', count: options.live, timeoutMs: 30000 })
      latencies = (await listening).latencies.sort((x, y) => x - y)
      liveLost = options.live - latencies.length
      progress(`${latencies.length} live writes arrived${liveLost ? `, ${liveLost} did not within 30 s` : ''}`)
    }
    const ws = await writer.ask({ cmd: 'stats' })
    const rs = await reader.ask({ cmd: 'stats' })
    await Promise.all([writer.ask({ cmd: 'stop' }), reader.ask({ cmd: 'stop' })])

    const pkg = JSON.parse(readFileSync(new URL('./node_modules/@orbitdb/core/package.json', import.meta.url)))
    process.stdout.write(JSON.stringify({
      orbitdb: pkg.version,
      node: process.version,
      entries: options.n,
      writers: 1,
      nodes: 2,
      writeEntriesPerSecond: Math.round(options.n / (written.ms / 1000)),
      replicateMs: round(replicated.ms),
      replicateEntriesPerSecond: Math.round(options.n / (replicated.ms / 1000)),
      inSyncMs: inSync.length ? round(percentile(inSync, 50)) : null,
      inSyncMissed,
      liveWrites: latencies.length,
      liveLost,
      latencyP50Ms: latencies.length ? round(percentile(latencies, 50), 2) : null,
      latencyP99Ms: latencies.length ? round(percentile(latencies, 99), 2) : null,
      peakRssMb: { writer: ws.peakRssMb, reader: rs.peakRssMb },
      heapUsedMb: { writer: ws.heapUsedMb, reader: rs.heapUsedMb }
    }) + '\n')
  } catch (e) {
    process.stderr.write(`OrbitDB's replication bench failed: ${e.message}\n`)
    stopAll()
    process.exitCode = 1
  } finally {
    clearTimeout(timer)
    rmSync(directory, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------------------
// A peer: one OrbitDB on Helia and libp2p, driven by the coordinator's messages.

async function peer (role, directory) {
  const { createLibp2p } = await import('libp2p')
  const { tcp } = await import('@libp2p/tcp')
  const { noise } = await import('@chainsafe/libp2p-noise')
  const { yamux } = await import('@chainsafe/libp2p-yamux')
  const { identify } = await import('@libp2p/identify')
  const { gossipsub } = await import('@libp2p/gossipsub')
  const { createHelia } = await import('helia')
  const { bitswap } = await import('@helia/block-brokers')
  const { multiaddr } = await import('@multiformats/multiaddr')
  const { createOrbitDB } = await import('@orbitdb/core')

  // The coordinator gone (killed, or its timeout), the peer goes too.
  process.on('disconnect', () => process.exit(1))

  const libp2p = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: () => false },
    services: { identify: identify(), pubsub: gossipsub({ allowPublishToZeroTopicPeers: true }) }
  })
  const ipfs = await createHelia({ libp2p, blockBrokers: [bitswap()], routers: [] })
  const orbitdb = await createOrbitDB({ ipfs, id: role, directory })
  let db = null
  let latencies = null
  let onLatency = null
  let settled = () => {}

  const record = (entry) => {
    const value = entry.payload && entry.payload.value
    if (latencies && typeof value === 'string' && value.startsWith('live ')) {
      latencies.push(now() - Number(value.split(' ')[2]))
      if (onLatency) onLatency()
    }
  }

  const handlers = {
    write: async ({ n }) => {
      db = await orbitdb.open('bench', { type: 'events' })
      const start = now()
      let head
      for (let i = 0; i < n; i++) head = await db.add(`entry ${i}`)
      return { ms: now() - start, address: db.address, head }
    },
    dial: async ({ addrs }) => {
      await libp2p.dial(addrs.map((a) => multiaddr(a)))
      return {}
    },
    replicate: async ({ address, head, n }) => {
      const start = now()
      let done
      const complete = new Promise((resolve) => { done = resolve })
      const onUpdate = (entry) => { if (entry.hash === head) done() }
      db = await orbitdb.open(address)
      db.events.on('update', onUpdate)
      if (await db.log.has(head)) done()
      await complete
      const ms = now() - start
      db.events.off('update', onUpdate)
      const count = (await db.log.values()).length
      if (count !== n) throw new Error(`the replica holds ${count} entries, not ${n}`)
      db.events.on('update', record)
      return { ms }
    },
    close: async () => {
      await db.close()
      db = null
      return {}
    },
    awaitLeave: async ({ peerId, timeoutMs }) => {
      if (!db.peers.has(peerId)) return {}
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the reader did not leave the database in ${timeoutMs} ms`)), timeoutMs)
        const onLeave = () => {
          if (!db.peers.has(peerId)) { clearTimeout(t); db.events.off('leave', onLeave); resolve() }
        }
        db.events.on('leave', onLeave)
        onLeave()
      })
      return {}
    },
    insync: async ({ address, timeoutMs }) => {
      const updates = []
      const start = now()
      let joined
      const heard = new Promise((resolve) => { joined = resolve })
      db = await orbitdb.open(address)
      db.events.on('update', (e) => updates.push(e.hash))
      db.events.on('join', () => joined(true))
      const t = setTimeout(() => joined(false), timeoutMs)
      const ok = await heard
      clearTimeout(t)
      const ms = now() - start
      if (updates.length) throw new Error(`the in-sync check brought ${updates.length} new heads`)
      db.events.on('update', record)
      return { ms: ok ? ms : null }
    },
    listen: async ({ count }) => {
      latencies = []
      await new Promise((resolve) => {
        settled = resolve
        onLatency = () => { if (latencies.length >= count) resolve() }
      })
      return { latencies }
    },
    settle: async ({ count, timeoutMs }) => {
      // The live writes are all made: waits for the rest to arrive, at most timeoutMs, then ends the listening.
      if (latencies.length < count) {
        await new Promise((resolve) => {
          const t = setTimeout(resolve, timeoutMs)
          onLatency = () => { if (latencies.length >= count) { clearTimeout(t); resolve() } }
        })
      }
      settled()
      return {}
    },
    ping: async () => ({}),
    live: async ({ count, intervalMs }) => {
      for (let i = 0; i < count; i++) {
        const started = now()
        await db.add(`live ${i} ${started}`)
        const wait = intervalMs - (now() - started)
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      }
      return {}
    },
    stats: async () => ({
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576)
    }),
    stop: async () => {
      if (db) await db.close()
      await orbitdb.stop()
      await ipfs.stop()
      setImmediate(() => process.exit(0))
      return {}
    }
  }
  process.on('message', (m) => {
    handlers[m.cmd](m).then((answer) => process.send({ ...answer, id: m.id }),
      (e) => process.send({ error: e.message || String(e), id: m.id }))
  })
  process.send({ ready: true, addrs: libp2p.getMultiaddrs().map(String), peerId: libp2p.peerId.toString() })
}

if (process.argv[2] === '--peer') {
  await peer(process.argv[3], process.argv[4])
} else {
  await coordinate(process.argv.slice(2))
}
