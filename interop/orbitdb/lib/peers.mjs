// Shared by generate.mjs, check.mjs and bench.mjs: OrbitDB 4 peers in one process, without networking.
//
// OrbitDB 4 stores every block (entries, identities, manifests, access-controller manifests) through
// an IPFS instance's blockstore; here that is memoryIpfs(), a map from CID to bytes that all peers of
// a run share (it stands for the IPFS network: a peer that lacks a block "fetches" it from there, as
// Helia's bitswap would). Nothing else of IPFS or libp2p is used: databases are opened with
// sync: false, and replication is what OrbitDB's Sync does on receiving a head, done by hand
// (replicate(): decode the head's bytes with Entry.decode and log.joinEntry it).
import { createHash } from 'node:crypto'
import {
  createOrbitDB, Identities, KeyStore, MemoryStorage, IPFSAccessController, Entry, Documents
} from '@orbitdb/core'

export const hex = (bytes) => Buffer.from(bytes).toString('hex')
export const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))

/** An in-memory stand-in for Helia: the blockstore and pins OrbitDB's IPFSBlockStorage calls, nothing more. */
export const memoryIpfs = (blocks = new Map()) => {
  const pinned = new Set()
  return {
    blocks,
    blockstore: {
      put: async (cid, bytes) => { blocks.set(cid.toString(), Uint8Array.from(bytes)); return cid },
      get: async function * (cid) {
        const bytes = blocks.get(cid.toString())
        if (bytes) yield bytes
      },
      has: async (cid) => blocks.has(cid.toString())
    },
    pins: {
      isPinned: async (cid) => pinned.has(cid.toString()),
      add: async function * (cid) { pinned.add(cid.toString()); yield cid }
    },
    libp2p: { peerId: 'in-process', services: {} }
  }
}

/**
 * The fixed private keys of a peer named `name`: OrbitDB's publickey identity provider uses two
 * secp256k1 keys, the "id" key (stored in the KeyStore under the name given to createIdentity; its
 * compressed public key in hex is the identity's id) and the signing key (stored under that id;
 * its public key is the identity's publicKey and entries' key). Each is sha256 of a fixed text.
 */
export const fixedKeys = (name) => ({
  idPrivateKey: createHash('sha256').update(`tributary/orbitdb-vectors/${name}/id`).digest(),
  signingPrivateKey: createHash('sha256').update(`tributary/orbitdb-vectors/${name}/signing`).digest()
})

/** A KeyStore in memory holding the given keys exactly where OrbitDB's publickey provider looks for them. */
export const keystoreWith = async (name, { idPrivateKey, signingPrivateKey }) => {
  const keystore = await KeyStore({ storage: await MemoryStorage() })
  await keystore.addKey(name, { privateKey: Uint8Array.from(idPrivateKey) })
  const id = keystore.getPublic(await keystore.getKey(name))
  await keystore.addKey(id, { privateKey: Uint8Array.from(signingPrivateKey) })
  return keystore
}

/** An OrbitDB instance for the peer `name` with its fixed keys, on the shared in-memory IPFS. */
export const createPeer = async (name, ipfs, directory, keys = fixedKeys(name)) => {
  const keystore = await keystoreWith(name, keys)
  const identities = await Identities({ keystore, ipfs })
  const orbitdb = await createOrbitDB({ ipfs, identities, id: name, directory })
  return { name, keys, keystore, identities, orbitdb, identity: orbitdb.identity }
}

/**
 * Opens (creates, given a name, or opens, given an /orbitdb/ address) a database with the logs' heads
 * and indexes in memory and without sync. `write` (identity ids or '*') is used only on creation.
 */
export const openDatabase = async (peer, nameOrAddress, { type, write, indexBy, meta, referencesCount } = {}) => {
  const options = {
    type,
    meta,
    sync: false,
    headsStorage: await MemoryStorage(),
    indexStorage: await MemoryStorage(),
    referencesCount
  }
  if (write) options.AccessController = IPFSAccessController({ write })
  if (indexBy) options.Database = Documents({ indexBy })
  return peer.orbitdb.open(nameOrAddress, options)
}

/**
 * What OrbitDB's Sync does with the heads a peer sends: each head's bytes decoded and joined, the
 * missing ancestors fetched from the (shared) blockstore by the log itself. Returns the heads sent.
 */
export const replicate = async (from, to) => {
  const sent = []
  for (const head of await from.log.heads()) {
    const bytes = await from.log.storage.get(head.hash)
    await to.log.joinEntry(await Entry.decode(bytes))
    sent.push(head.hash)
  }
  return sent
}

/**
 * A payload or state value as JSON, in dag-json's convention for what JSON lacks: bytes as
 * {"/": {"bytes": "<base64, no padding>"}}, a CID as {"/": "<CID string>"}.
 */
export const toJson = (value) => {
  if (value instanceof Uint8Array) return { '/': { bytes: Buffer.from(value).toString('base64').replace(/=+$/, '') } }
  if (value && value.asCID === value) return { '/': value.toString() }
  if (Array.isArray(value)) return value.map(toJson)
  if (value && typeof value === 'object') {
    const out = {}
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v)
    return out
  }
  return value === undefined ? null : value
}

/** The inverse of toJson. */
export const fromJson = (value) => {
  if (Array.isArray(value)) return value.map(fromJson)
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '/') {
      const inner = value['/']
      if (inner && typeof inner === 'object' && typeof inner.bytes === 'string') {
        return new Uint8Array(Buffer.from(inner.bytes, 'base64'))
      }
    }
    const out = {}
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v)
    return out
  }
  return value
}
