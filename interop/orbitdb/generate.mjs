// Writes OrbitDB 4's interop vectors as JSON (to the file given, or standard output): with fixed keys,
// two peers (userA, userB) create and write an events, a keyvalue and two documents databases (one
// indexed by "_id", one by "isbn" with manifest meta), including writes made concurrently by both
// peers and joined both ways, overwrites and deletes; then everything is dumped: every entry's bytes
// and CID, every identity's bytes, the manifests and access-controller manifests, the addresses, the
// heads after each step, the final log order, iterator results under each bound, and each database's
// state as OrbitDB reports it. Deterministic: two runs write the same file. See README.md.
//
//   node_modules/.bin/node generate.mjs [out.json]
import { writeFileSync, mkdtempSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Block from 'multiformats/block'
import * as dagCbor from '@ipld/dag-cbor'
import { sha256 } from 'multiformats/hashes/sha2'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { Entry } from '@orbitdb/core'
import { hex, memoryIpfs, createPeer, openDatabase, replicate, toJson } from './lib/peers.mjs'

const out = process.argv[2]
const directory = mkdtempSync(join(tmpdir(), 'orbitdb-vectors-'))
const ipfs = memoryIpfs()
const blockHex = (hash) => hex(ipfs.blocks.get(CID.parse(hash, base58btc).toString()))
const decodeBlock = async (hash) => (await Block.decode({ bytes: ipfs.blocks.get(CID.parse(hash, base58btc).toString()), codec: dagCbor, hasher: sha256 })).value

const a = await createPeer('userA', ipfs, join(directory, 'a'))
const b = await createPeer('userB', ipfs, join(directory, 'b'))
const peers = { userA: a, userB: b }
const writers = [a.identity.id, b.identity.id]

/** One database scenario: steps run in order, each recorded with its result and the acting peer's heads after it. */
const scenario = async (name, { type, indexBy, meta, second = b }, script) => {
  const dbs = { userA: await openDatabase(a, name, { type, write: writers, indexBy, meta }) }
  const address = dbs.userA.address
  dbs[second.name] = await openDatabase(second, address, { indexBy })
  const steps = []
  const step = async (peer, op, args, run) => {
    const result = await run(dbs[peer])
    steps.push({
      peer,
      op,
      args: toJson(args),
      ...(result !== undefined ? { result } : {}),
      heads: (await dbs[peer].log.heads()).map(e => e.hash)
    })
  }
  const ops = {
    add: (peer, value) => step(peer, 'add', [value], db => db.add(value)),
    put: (peer, ...args) => step(peer, 'put', args, db => db.put(...args)),
    del: (peer, key) => step(peer, 'del', [key], db => db.del(key)),
    join: (peer, from) => step(peer, 'join', [from], db => replicate(dbs[from], db))
  }
  await script(ops)
  return { name, type, indexBy, meta, address, dbs, steps }
}

const events = await scenario('tributary-events', { type: 'events' }, async ({ add, join }) => {
  await add('userA', 'hello')
  await add('userA', { n: 1, text: 'a map', nested: { list: [1, -2, 'three', true, false, null] } })
  await add('userA', 42)
  await add('userA', -1234567890123)
  await add('userA', ['an', 'array'])
  await add('userA', new Uint8Array([0, 1, 2, 254, 255]))
  await add('userA', 'unicode: héllo wörld ✓ 🌊')
  await add('userA', '')
  await add('userA', {})
  await add('userA', { z: 1, a: 2, bb: 3, aa: 4 })
  await join('userB', 'userA')
  for (let i = 0; i < 5; i++) {
    await add('userA', `A concurrent ${i}`)
    await add('userB', `B concurrent ${i}`)
  }
  await join('userB', 'userA')
  await join('userA', 'userB')
  await add('userA', 'A merges')
  await join('userB', 'userA')
  for (let i = 0; i < 30; i++) await add(i % 3 === 0 ? 'userB' : 'userA', `event ${i}`)
  await join('userA', 'userB')
  await join('userB', 'userA')
})

const keyvalue = await scenario('tributary-keyvalue', { type: 'keyvalue' }, async ({ put, del, join }) => {
  for (let i = 1; i <= 5; i++) await put('userA', `k${i}`, `v${i}`)
  await put('userA', 'k2', 'v2 overwritten')
  await del('userA', 'k3')
  await put('userA', 'map', { deep: { er: [1, 2, 3] }, bytes: new Uint8Array([9, 8, 7]) })
  await join('userB', 'userA')
  await put('userA', 'shared', 'written by A')
  await put('userB', 'shared', 'written by B')
  await del('userB', 'k1')
  await put('userA', 'k4', 'v4 overwritten by A')
  await put('userB', 'k5', 'v5 overwritten by B')
  await put('userA', 'k5', 'v5 overwritten by A')
  await join('userA', 'userB')
  await join('userB', 'userA')
  await del('userA', 'never-written')
  await put('userB', 'k3', 'v3 written again after its delete')
  await put('userB', 'number', 7)
  await join('userA', 'userB')
  await join('userB', 'userA')
})

const documents = await scenario('tributary-documents', { type: 'documents' }, async ({ put, del, join }) => {
  await put('userA', { _id: 'doc1', title: 'first', n: 1, tags: ['a', 'b'] })
  await put('userA', { _id: 'doc2', title: 'second', n: 2 })
  await put('userA', { _id: 'doc3', title: 'third', n: 3 })
  await put('userA', { _id: 'doc1', title: 'first, revised', n: 10, tags: [] })
  await del('userA', 'doc2')
  await join('userB', 'userA')
  await put('userB', { _id: 'doc4', title: 'fourth, by B', n: 4 })
  await put('userB', { _id: 'doc3', title: 'third, revised by B', n: 30 })
  await put('userA', { _id: 'doc3', title: 'third, revised by A', n: 31 })
  await put('userA', { _id: 'doc5', title: 'fifth', n: 5, nested: { ok: true } })
  await join('userA', 'userB')
  await join('userB', 'userA')
  await del('userB', 'doc5')
  await put('userA', { _id: 'doc2', title: 'second, again', n: 22 })
  await join('userA', 'userB')
  await join('userB', 'userA')
})

const books = await scenario('tributary-books', { type: 'documents', indexBy: 'isbn', meta: { description: 'indexed by isbn', version: 1 } }, async ({ put, del, join }) => {
  await put('userA', { isbn: '978-0262033848', title: 'Introduction to Algorithms', year: 2009 })
  await put('userA', { isbn: '978-0201633610', title: 'Design Patterns', year: 1994 })
  await join('userB', 'userA')
  await put('userB', { isbn: '978-0134685991', title: 'Effective Java', year: 2018 })
  await del('userB', '978-0201633610')
  await put('userA', { isbn: '978-0262033848', title: 'Introduction to Algorithms, 3rd edition', year: 2009 })
  await join('userA', 'userB')
  await join('userB', 'userA')
})

// The same identity on two devices (userA's keys in a second OrbitDB instance): concurrent entries then
// share clock id and time, and OrbitDB's order among them is its traversal's, not a comparison's.
const laptop = await createPeer('userA', ipfs, join(directory, 'laptop'))
laptop.name = 'userA-laptop'
const sameIdentity = await scenario('tributary-same-identity', { type: 'events', second: laptop }, async ({ add, join }) => {
  await add('userA', 'phone 0')
  await join('userA-laptop', 'userA')
  await add('userA', 'phone 1')
  await add('userA-laptop', 'laptop 1')
  await add('userA', 'phone 2')
  await add('userA-laptop', 'laptop 2')
  await join('userA', 'userA-laptop')
  await join('userA-laptop', 'userA')
  await add('userA-laptop', 'laptop merges')
  await add('userA', 'phone 3')
  await join('userA', 'userA-laptop')
  await join('userA-laptop', 'userA')
})

/** Every entry of a database, in the order of peer A's final log, with its bytes and decoded form. */
const dumpEntries = async (db) => {
  const names = Object.fromEntries(Object.values(peers).map(p => [p.identity.publicKey, p.name]))
  const entries = []
  for (const e of await db.log.values()) {
    const value = await decodeBlock(e.hash)
    entries.push({ hash: e.hash, writer: names[value.key], bytes: blockHex(e.hash), decoded: toJson(value) })
  }
  return entries
}

/** Iterator results (hashes, in iteration order) for each of OrbitDB's bounds, on peer A's final log. */
const dumpIterators = async (log) => {
  const values = (await log.values()).map(e => e.hash)
  const pick = (i) => values[i]
  const n = values.length
  const cases = [
    {}, { amount: 0 }, { amount: 1 }, { amount: 5 }, { amount: n + 3 },
    { gt: pick(3) }, { gte: pick(3) }, { lt: pick(n - 4) }, { lte: pick(n - 4) },
    { gt: pick(2), lt: pick(8) }, { gte: pick(2), lte: pick(8) }, { gt: pick(2), lte: pick(8) }, { gte: pick(2), lt: pick(8) },
    { gt: pick(1), amount: 3 }, { gte: pick(1), amount: 3 }, { lt: pick(n - 2), amount: 4 }, { lte: pick(n - 2), amount: 4 },
    { gt: pick(n - 1) }, { gte: pick(0) }, { lte: pick(0) }, { lt: pick(0) }, { lt: pick(n - 1) },
    { gt: pick(2), lt: pick(n - 4), amount: 3 }, { gte: pick(2), lte: pick(n - 4), amount: 3 }, { gt: pick(n - 4), lt: pick(n - 1) }
  ]
  const results = []
  for (const options of cases) {
    const hashes = []
    for await (const e of log.iterator(options)) hashes.push(e.hash)
    results.push({ options, result: hashes })
  }
  return results
}

const dumpState = async ({ type, dbs, steps }) => {
  const state = {}
  for (const [peer, db] of Object.entries(dbs)) {
    const s = {
      heads: (await db.log.heads()).map(e => e.hash),
      values: (await db.log.values()).map(e => e.hash),
      all: toJson(await db.all())
    }
    if (type === 'events') {
      const iterated = []
      for await (const e of db.iterator()) iterated.push(e.hash)
      s.iterator = iterated
      s.iterators = await dumpIterators(db.log)
    } else {
      const keys = [...new Set(steps.filter(st => st.op !== 'join').map(st => st.op === 'put' ? (typeof st.args[0] === 'string' ? st.args[0] : st.args[0][db.indexBy]) : st.args[0]))].sort()
      s.get = {}
      for (const key of keys) {
        const got = await db.get(key)
        s.get[key] = got === undefined ? null : toJson(got)
      }
      if (type === 'documents') {
        s.queries = [
          { query: 'all documents', result: toJson(await db.query(() => true)) },
          { query: 'n >= 5', result: toJson(await db.query(d => d.n >= 5)) },
          { query: 'year < 2000', result: toJson(await db.query(d => d.year < 2000)) }
        ]
      }
    }
    state[peer] = s
  }
  return state
}

const dumpDatabase = async (scenario) => {
  const { name, type, indexBy, meta, address, dbs } = scenario
  const manifestHash = address.replace('/orbitdb/', '')
  const manifest = await decodeBlock(manifestHash)
  const acHash = manifest.accessController.replace('/ipfs/', '')
  return {
    name,
    type,
    indexBy: type === 'documents' ? (indexBy || '_id') : undefined,
    meta,
    address,
    manifest: { hash: manifestHash, bytes: blockHex(manifestHash), decoded: toJson(manifest) },
    accessController: { address: manifest.accessController, hash: acHash, bytes: blockHex(acHash), decoded: toJson(await decodeBlock(acHash)) },
    steps: scenario.steps,
    entries: await dumpEntries(dbs.userA),
    state: await dumpState(scenario)
  }
}

/**
 * Entries OrbitDB refuses, and some it accepts that a stricter reader may refuse, each joined by a fresh
 * peer (after the database's valid entries) with OrbitDB's own log.joinEntry; what OrbitDB said is recorded.
 */
const tampering = async () => {
  const c = await createPeer('userC', ipfs, join(directory, 'c'))
  const dbA = await openDatabase(a, 'tributary-tampering', { type: 'events', write: writers })
  const other = await openDatabase(a, 'tributary-tampering-other', { type: 'events', write: writers })
  const first = await dbA.add('first')
  const second = await dbA.add('second')
  const head = await Entry.decode(ipfs.blocks.get(CID.parse(second, base58btc).toString()))
  const unsigned = (e) => ({ id: e.id, payload: e.payload, next: e.next, refs: e.refs, clock: e.clock, v: e.v })
  const store = async (value) => {
    const block = await Block.encode({ value, codec: dagCbor, hasher: sha256 })
    await ipfs.blockstore.put(block.cid, block.bytes)
    return { hash: block.cid.toString(base58btc), bytes: block.bytes }
  }
  const storeRaw = async (bytes) => {
    const cid = CID.create(1, dagCbor.code, await sha256.digest(bytes))
    await ipfs.blockstore.put(cid, bytes)
    return { hash: cid.toString(base58btc), bytes }
  }
  const signedBy = async (identity, body, fields = {}) => {
    const { bytes } = await Block.encode({ value: body, codec: dagCbor, hasher: sha256 })
    return { ...body, key: identity.publicKey, identity: identity.hash, sig: await identity.sign(identity, bytes), ...fields }
  }
  const created = async (identity, logId, payload, clock, next) => {
    const e = await Entry.create(identity, logId, payload, null, clock, next, [])
    return { ...e }
  }
  const withoutHash = ({ hash, ...rest }) => rest
  const cases = [
    ['payload-changed', 'a valid entry of userA with its payload changed afterwards',
      async () => store({ ...withoutHash(head), payload: { op: 'ADD', key: null, value: 'forged' } })],
    ['signed-by-another-key', "userA's key and identity, signed with userB's signing key",
      async () => store(await signedBy(b.identity, unsigned({ ...head, payload: { op: 'ADD', key: null, value: 'third' }, next: [second], clock: { id: a.identity.publicKey, time: 3 } }), { key: a.identity.publicKey, identity: a.identity.hash }))],
    ['identity-swapped', "a valid entry of userA naming userB's identity",
      async () => store({ ...withoutHash(head), identity: b.identity.hash })],
    ['writer-not-in-access-list', 'a valid entry of userC, whose id the access list does not name',
      async () => store(withoutHash(await created(c.identity, dbA.address, { op: 'ADD', key: null, value: 'by C' }, { id: c.identity.publicKey, time: 3 }, [second])))],
    ['wrong-log-id', "a valid entry of userA for another database's log",
      async () => store(withoutHash(await created(a.identity, other.address, { op: 'ADD', key: null, value: 'elsewhere' }, { id: a.identity.publicKey, time: 3 }, [second])))],
    ['clock-behind-parents', 'a valid entry of userA whose clock time (1) does not exceed its parent\'s (2)',
      async () => store(withoutHash(await created(a.identity, dbA.address, { op: 'ADD', key: null, value: 'late' }, { id: a.identity.publicKey, time: 1 }, [second])))],
    ['map-keys-out-of-order', "a valid entry of userA, its map's keys in insertion order rather than dag-cbor's canonical order",
      async () => {
        const e = withoutHash(await created(a.identity, dbA.address, { op: 'ADD', key: null, value: 'unsorted' }, { id: a.identity.publicKey, time: 3 }, [second]))
        const order = ['id', 'payload', 'next', 'refs', 'clock', 'v', 'key', 'identity', 'sig']
        const parts = [Uint8Array.of(0xa0 + order.length)]
        for (const k of order) parts.push(dagCbor.encode(k), dagCbor.encode(e[k]))
        return storeRaw(Buffer.concat(parts))
      }],
    ['integer-not-shortest', "a valid entry of userA with v = 2 written in two bytes (0x18 0x02)",
      async () => {
        const { bytes } = await store(withoutHash(await created(a.identity, dbA.address, { op: 'ADD', key: null, value: 'wide' }, { id: a.identity.publicKey, time: 3 }, [second])))
        return storeRaw(new Uint8Array(Buffer.from(hex(bytes).replace(/^a9617602/, 'a961761802'), 'hex')))
      }],
    ['float-payload', 'a valid entry of userA whose payload holds a float (1.5)',
      async () => store(withoutHash(await created(a.identity, dbA.address, { op: 'ADD', key: null, value: 1.5 }, { id: a.identity.publicKey, time: 3 }, [second])))]
  ]
  const results = []
  let i = 0
  for (const [name, description, make] of cases) {
    const { hash, bytes } = await make()
    const checker = await createPeer(`tamper-checker-${i++}`, ipfs, join(directory, `t${i}`))
    const db = await openDatabase(checker, dbA.address)
    await replicate(dbA, db)
    let orbitdb
    try {
      const joined = await db.log.joinEntry(await Entry.decode(bytes))
      orbitdb = { accepted: joined === true && (await db.log.has(hash)) }
    } catch (e) {
      orbitdb = { accepted: false, error: e.message }
    }
    results.push({ case: name, description, hash, bytes: hex(bytes), orbitdb })
    await checker.orbitdb.stop()
  }
  await c.orbitdb.stop()
  return {
    address: dbA.address,
    manifest: { hash: dbA.address.replace('/orbitdb/', ''), bytes: blockHex(dbA.address.replace('/orbitdb/', '')) },
    accessController: await (async () => {
      const ac = (await decodeBlock(dbA.address.replace('/orbitdb/', ''))).accessController
      return { address: ac, hash: ac.replace('/ipfs/', ''), bytes: blockHex(ac.replace('/ipfs/', '')) }
    })(),
    otherAddress: other.address,
    entries: [first, second].map(h => ({ hash: h, bytes: blockHex(h) })),
    writerNotListed: { name: 'userC', idPrivateKey: hex(c.keys.idPrivateKey), signingPrivateKey: hex(c.keys.signingPrivateKey), identity: { hash: c.identity.hash, bytes: hex(c.identity.bytes) } },
    cases: results
  }
}

const pkg = JSON.parse(readFileSync(new URL('./node_modules/@orbitdb/core/package.json', import.meta.url)))
const vectors = {
  about: 'OrbitDB interop vectors, written by interop/orbitdb/generate.mjs; see core/src/test/resources/orbitdb/README.md',
  orbitdb: pkg.version,
  node: process.version.replace(/\.\d+\.\d+$/, '.x'),
  peers: Object.values(peers).map(p => ({
    name: p.name,
    idPrivateKey: hex(p.keys.idPrivateKey),
    signingPrivateKey: hex(p.keys.signingPrivateKey),
    identity: {
      id: p.identity.id,
      publicKey: p.identity.publicKey,
      signatures: p.identity.signatures,
      type: p.identity.type,
      hash: p.identity.hash,
      bytes: hex(p.identity.bytes)
    }
  })),
  databases: [await dumpDatabase(events), await dumpDatabase(keyvalue), await dumpDatabase(documents), await dumpDatabase(books), await dumpDatabase(sameIdentity)],
  tampering: await tampering()
}

for (const p of [...Object.values(peers), laptop]) await p.orbitdb.stop()
rmSync(directory, { recursive: true, force: true })
const text = JSON.stringify(vectors, null, 1) + '\n'
if (out) writeFileSync(out, text)
else process.stdout.write(text)
