// Writes core/src/test/resources/dev/tributary/oplog/vectors/formats-4.0.0.json to standard output: blocks made by
// @orbitdb/core 4.0.0 itself from the fixed keys of OrbitDB's own test fixtures
// (test/fixtures/keys/signing-keys/userA.json, userB.json and the identity-keys files named after their public
// keys). Tributary's oplog format tests (OrbitDbFormatVectorsTest) decode, verify and re-make them byte for byte,
// without Node.js; OrbitDbVectorsIT runs this script again and checks that its output is exactly the checked-in file.
//
// Regenerate (after install.sh; from the repository's root):
//   interop/orbitdb/node_modules/.bin/node interop/orbitdb/make-format-vectors.mjs \
//     > core/src/test/resources/dev/tributary/oplog/vectors/formats-4.0.0.json
import { KeyStore, Identities, Entry, MemoryStorage, IPFSAccessController } from '@orbitdb/core'
import ManifestStore from '@orbitdb/core/src/manifest-store.js'
import { signMessage } from '@orbitdb/core/src/key-store.js'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { fromString } from 'uint8arrays/from-string'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const keys = {
  userA: { id: '0a135ce157a9ccb8375c2fae0d472f1eade4b40b37704c02df923b78ca03c627', signing: '97f64ca2bf7bd6aa2136eb0aa3ce512433bd903b91d48b2208052d6ff286d080' },
  userB: { id: '855f70d3b5224e5af76c23db0792339ca8d968a5a802ff0c5b54d674ef01aaad', signing: '1cd65d23d72932f5ca2328988d19a5b11fbab1f4c921ef2471768f1773bd56de' }
}

const keystore = await KeyStore({ storage: await MemoryStorage() })
const identities = await Identities({ keystore })
const out = { generator: '@orbitdb/core 4.0.0', identities: {}, entries: [], signatures: [], accessControllers: [], manifests: [], cbor: [] }
const made = {}
for (const [name, k] of Object.entries(keys)) {
  await keystore.addKey(name, { privateKey: fromString(k.id, 'base16') })
  const idKey = await keystore.getKey(name)
  await keystore.addKey(keystore.getPublic(idKey), { privateKey: fromString(k.signing, 'base16') })
  const identity = await identities.createIdentity({ id: name })
  made[name] = identity
  out.identities[name] = {
    idPrivateKey: k.id, signingPrivateKey: k.signing, id: identity.id, publicKey: identity.publicKey,
    signatures: identity.signatures, type: identity.type, hash: identity.hash, bytes: hex(identity.bytes)
  }
  const signingKey = await keystore.getKey(identity.id)
  out.signatures.push({ user: name, data: 'hello friend', signature: await signMessage(signingKey, 'hello friend') })
}

const add = async (name, writer, logId, payload, clock, next, refs) => {
  const entry = await Entry.create(made[writer], logId, payload, undefined, clock, next, refs)
  const { hash, bytes } = await Entry.encode(entry)
  out.entries.push({ name, writer, hash, bytes: hex(bytes) })
  return hash
}
const a1 = await add('hello', 'userA', 'A', 'hello')
const a2 = await add('keyvalue put', 'userA', 'A', { op: 'PUT', key: 'colour', value: { name: 'blue', rgb: [0, 0, 255], ok: true, none: null } },
  { id: made.userA.publicKey, time: 1 }, [a1], [])
const b1 = await add('concurrent writer', 'userB', 'A', { op: 'ADD', key: null, value: 'from B' }, { id: made.userB.publicKey, time: 1 }, [a1], [])
await add('merge with refs', 'userA', 'A', { op: 'DEL', key: 'colour', value: null }, { id: made.userA.publicKey, time: 2 }, [a2, b1], [a1])
await add('unicode, bytes, negative', 'userB', 'ünïcode', { text: 'żółw 🐢', bytes: new Uint8Array([0, 1, 2, 255]), n: -1234567, big: 9007199254740991 },
  { id: made.userB.publicKey, time: 7 }, [], [])

for (const write of [[made.userA.id], ['*'], [made.userA.id, made.userB.id]]) {
  const storage = await MemoryStorage()
  const ac = await IPFSAccessController({ write, storage })({ orbitdb: { identity: made.userA }, identities })
  const hash = ac.address.replace('/ipfs/', '')
  out.accessControllers.push({ write, address: ac.address, bytes: hex(await storage.get(hash)) })
}

const manifests = await ManifestStore({ storage: await MemoryStorage() })
for (const [name, type, meta] of [['my-events', 'events', undefined], ['kv', 'keyvalue', undefined], ['docs', 'documents', { indexBy: '_id', n: 1 }]]) {
  const { hash } = await manifests.create({ name, type, accessController: out.accessControllers[0].address, meta })
  const bytes = (await Entry.encode({ name, type, accessController: out.accessControllers[0].address, ...(meta !== undefined ? { meta } : {}) })).bytes
  out.manifests.push({ name, type, accessController: out.accessControllers[0].address, meta: meta ?? null, hasMeta: meta !== undefined, address: '/orbitdb/' + hash, bytes: hex(bytes) })
}

const link = CID.parse(a1)
for (const [name, value] of [
  ['key order', { bb: 1, a: 2, ccc: 3, b: 4, aa: 5, 'é': 6, z: 7 }],
  ['integer widths', [0, 23, 24, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -24, -25, -256, -257, -65536, -65537, -4294967296, -4294967297, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]],
  ['strings and bytes', ['', 'a', 'x'.repeat(24), 'y'.repeat(256), new Uint8Array(0), new Uint8Array(24)]],
  ['link', { link, list: [link, null, true, false] }],
  ['nested', { a: { b: { c: [[], {}, [[]]] } } }]
]) {
  out.cbor.push({ name, bytes: hex(dagCbor.encode(value)) })
}
console.log(JSON.stringify(out, null, 2))
