// Reads entries that Tributary wrote and has OrbitDB 4's own code verify and apply them; prints the
// resulting state as one JSON document on standard output; exit code 0 when every entry was accepted,
// 1 (with {"ok": false, "error": "..."}) when OrbitDB refused anything, 2 on bad usage or input.
//
//   node_modules/.bin/node check.mjs [--orbitdb-only] input.json
//
// input.json (written by a Java test):
//   { "identities": ["<hex dag-cbor identity block>", ...],
//     "databases": [ { "address": "/orbitdb/<manifest CID>",
//                      "manifest": "<hex block>", "accessController": "<hex block>",
//                      "indexBy": "<field>"  (documents only; default _id),
//                      "entries": ["<hex entry block>", ...],
//                      "heads": ["<CID>", ...]  (optional: default, the entries no other entry's next names) } ] }
//
// For each database a fresh peer ("checker", its own keys) opens the address, which makes OrbitDB read
// and decode the manifest and the access-controller manifest; then each head is decoded with
// Entry.decode and joined with log.joinEntry, exactly as OrbitDB's Sync applies heads from a peer:
// that checks the log id, the writer against the access list, the writer's identity and its
// signatures, and the entry's signature, and fetches and checks every ancestor the same way. Every
// block given must also be in canonical form (OrbitDB's encoder gives back the same bytes) and every
// entry given must end up in the log; --orbitdb-only leaves out that canonical-form check (OrbitDB itself
// accepts, for one, map keys out of canonical order).
//
// Output: { "ok": true, "databases": [ { "address", "type", "heads", "values", "all" } ] } with the
// same meaning as in the vectors (core/src/test/resources/orbitdb/README.md).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Block from 'multiformats/block'
import * as dagCbor from '@ipld/dag-cbor'
import { sha256 } from 'multiformats/hashes/sha2'
import { base58btc } from 'multiformats/bases/base58'
import { Entry } from '@orbitdb/core'
import { hex, unhex, memoryIpfs, createPeer, openDatabase, toJson } from './lib/peers.mjs'

const fail = (code, error) => {
  process.stdout.write(JSON.stringify({ ok: false, error }) + '\n')
  process.exit(code)
}

const args = process.argv.slice(2)
const orbitdbOnly = args[0] === '--orbitdb-only'
if (orbitdbOnly) args.shift()
if (args.length !== 1) fail(2, 'usage: check.mjs [--orbitdb-only] input.json')
let input
try {
  input = JSON.parse(readFileSync(args[0], 'utf8'))
} catch (e) {
  fail(2, `cannot read ${args[0]}: ${e.message}`)
}

const ipfs = memoryIpfs()
/** Stores a block under the CID OrbitDB computes for it, after checking it decodes and re-encodes to the same bytes. */
const addBlock = async (what, text) => {
  const bytes = unhex(text)
  let block
  try {
    block = await Block.decode({ bytes, codec: dagCbor, hasher: sha256 })
  } catch (e) {
    fail(1, `${what} is not a dag-cbor block OrbitDB can decode: ${e.message}`)
  }
  const again = await Block.encode({ value: block.value, codec: dagCbor, hasher: sha256 })
  if (!orbitdbOnly && hex(again.bytes) !== text.toLowerCase()) fail(1, `${what} ${block.cid.toString(base58btc)} is not canonical dag-cbor: OrbitDB encodes it as ${hex(again.bytes)}`)
  await ipfs.blockstore.put(block.cid, bytes)
  return { hash: block.cid.toString(base58btc), value: block.value }
}

const directory = mkdtempSync(join(tmpdir(), 'orbitdb-check-'))
const results = []
try {
  for (const [i, text] of (input.identities || []).entries()) await addBlock(`identity ${i}`, text)
  const checker = await createPeer('checker', ipfs, directory)
  for (const [d, db] of (input.databases || []).entries()) {
    const manifest = await addBlock(`database ${d}: manifest`, db.manifest)
    if (db.address !== `/orbitdb/${manifest.hash}`) fail(1, `database ${d}: address ${db.address} is not /orbitdb/ + the manifest's CID ${manifest.hash}`)
    await addBlock(`database ${d}: access-controller manifest`, db.accessController)
    const entries = []
    for (const [e, text] of (db.entries || []).entries()) entries.push(await addBlock(`database ${d}: entry ${e}`, text))
    const named = new Set(entries.flatMap(e => e.value.next || []))
    const heads = db.heads || entries.filter(e => !named.has(e.hash)).map(e => e.hash)

    let opened
    try {
      opened = await openDatabase(checker, db.address, { indexBy: db.indexBy })
    } catch (e) {
      fail(1, `database ${d}: OrbitDB cannot open ${db.address}: ${e.message}`)
    }
    for (const hash of heads) {
      const bytes = await opened.log.storage.get(hash)
      if (!bytes) fail(1, `database ${d}: head ${hash} is not among the entries given`)
      try {
        await opened.log.joinEntry(await Entry.decode(bytes))
      } catch (e) {
        fail(1, `database ${d}: OrbitDB refused head ${hash}: ${e.message}`)
      }
    }
    const values = (await opened.log.values()).map(e => e.hash)
    const inLog = new Set(values)
    const missing = entries.filter(e => !inLog.has(e.hash)).map(e => e.hash)
    if (missing.length > 0) fail(1, `database ${d}: entries not in the log after joining the heads: ${missing.join(', ')}`)
    results.push({
      address: db.address,
      type: opened.type,
      heads: (await opened.log.heads()).map(e => e.hash),
      values,
      all: toJson(await opened.all())
    })
  }
  await checker.orbitdb.stop()
} finally {
  rmSync(directory, { recursive: true, force: true })
}
process.stdout.write(JSON.stringify({ ok: true, databases: results }) + '\n')
