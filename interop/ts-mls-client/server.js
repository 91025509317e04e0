// The MLS working group's interop client (gRPC service MLSClient, ../src/main/proto/mls_client.proto)
// over ts-mls 1.6.4: a live peer for MLS Mesh's interop runner (`./mlsmesh interop --peer ts-mls`).
// Usage: node server.js --port N [--uncompressed-ecdsa-keys]
//
// --uncompressed-ecdsa-keys works around ts-mls's compressed ECDSA signature keys (RFC 9420 §5.1.1
// requires the uncompressed point): the keys ts-mls generates are handed to it uncompressed. The
// client then reports its name as "ts-mls 1.6.4 + uncompressed-key shim", so no result of the
// shim passes for plain ts-mls.
//
// What ts-mls offers no API for is answered with UNIMPLEMENTED (the runner reports it as skipped,
// never as passed): Update proposals with a retained key, branching with new extensions, and PSKs
// in an external Commit.

import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import { webcrypto } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as mls from "ts-mls";
import { encodeRatchetTree, decodeRatchetTree } from "ts-mls/ratchetTree.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const PROTO = path.join(here, "..", "src", "main", "proto", "mls_client.proto");

const SUITES = {
  1: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
  2: "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
  3: "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
  4: "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
  5: "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
  6: "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448",
  7: "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
};
const SUITE_IDS = Object.fromEntries(Object.entries(SUITES).map(([id, name]) => [name, Number(id)]));

/** An error answered with a gRPC status. */
class RpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const unimplemented = (what) => new RpcError(grpc.status.UNIMPLEMENTED, `ts-mls: ${what}`);
const badRequest = (what) => new RpcError(grpc.status.INVALID_ARGUMENT, what);

// --- Encoding ---

const bytes = (buffer) => new Uint8Array(buffer ?? []);
const b64 = (value) => Buffer.from(value).toString("base64");

function decodeWhole(decoder, data, what) {
  const result = decoder(bytes(data), 0);
  if (result === undefined || result[1] !== data.length) {
    throw badRequest(`${what} does not decode`);
  }
  return result[0];
}

function message(data, wireformat, what) {
  const decoded = decodeWhole(mls.decodeMlsMessage, data, what);
  if (wireformat !== undefined && decoded.wireformat !== wireformat) {
    throw badRequest(`${what} is a ${decoded.wireformat}, not a ${wireformat}`);
  }
  return decoded;
}

const encode = (msg) => Buffer.from(mls.encodeMlsMessage(msg));
const encodeKeyPackage = (keyPackage) =>
  encode({ version: "mls10", wireformat: "mls_key_package", keyPackage });
const encodeWelcome = (welcome) =>
  welcome === undefined ? Buffer.alloc(0) : encode({ version: "mls10", wireformat: "mls_welcome", welcome });
const encodeTree = (tree) => Buffer.from(encodeRatchetTree(tree));
const treeOrUndefined = (data) =>
  data && data.length > 0 ? decodeWhole(decodeRatchetTree, data, "ratchet_tree") : undefined;
const extensions = (list) =>
  (list ?? []).map((e) => ({ extensionType: e.extension_type, extensionData: bytes(e.extension_data) }));
const random = (length) => webcrypto.getRandomValues(new Uint8Array(length));

// --- State ---

let nextId = 1;
const states = new Map(); // state_id -> { state, cs, suite, psks, pending, encrypt, identity }
const transactions = new Map(); // transaction_id -> { keyPackage, privatePackage, identity, cs, psks }
const reinits = new Map(); // reinit_id -> { old, keyPackage, privatePackage, suite }
const signers = new Map(); // signer_id -> { cs, publicKey, signKey }

function lookup(map, id, what) {
  const value = map.get(id);
  if (value === undefined) throw new RpcError(grpc.status.NOT_FOUND, `no ${what} with id ${id}`);
  return value;
}

const SHIM = process.argv.includes("--uncompressed-ecdsa-keys");
const ECDSA_CURVES = { 2: p256, 5: p521, 7: p384 };

async function impl(suiteId) {
  const name = SUITES[suiteId];
  if (name === undefined) throw unimplemented(`cipher suite ${suiteId}`);
  const cs = await mls.getCiphersuiteImpl(mls.getCiphersuiteFromName(name));
  const curve = ECDSA_CURVES[suiteId];
  if (!SHIM || curve === undefined) return cs;
  const keygen = cs.signature.keygen;
  const signature = {
    ...cs.signature,
    async keygen() {
      const { signKey } = await keygen();
      return { signKey, publicKey: curve.getPublicKey(signKey, false) }; // SEC 1 uncompressed
    },
  };
  return { ...cs, signature };
}

const credential = (identity) => ({ credentialType: "basic", identity: bytes(identity) });

async function newKeyPackage(suiteId, identity) {
  const cs = await impl(suiteId);
  const { publicPackage, privatePackage } = await mls.generateKeyPackage(
    credential(identity),
    mls.defaultCapabilities(),
    mls.defaultLifetime,
    [],
    cs,
  );
  return { keyPackage: publicPackage, privatePackage, identity: bytes(identity), cs, suite: suiteId, psks: {} };
}

const pskIndex = (entry) => mls.makePskIndex(entry.state, entry.psks);

function addState(entry) {
  const id = nextId++;
  states.set(id, entry);
  return id;
}

function leafOf(tree, identity) {
  for (let i = 0; i < tree.length; i += 2) {
    const node = tree[i];
    if (node?.nodeType === "leaf" && node.leaf.credential.credentialType === "basic" &&
        Buffer.from(node.leaf.credential.identity).equals(Buffer.from(identity))) {
      return i / 2;
    }
  }
  throw badRequest(`no member ${Buffer.from(identity).toString()}`);
}

/** The proposal a ProposalDescription (or a direct request) asks for. */
function proposal(description, groupContext, tree, cs) {
  const type = Buffer.from(description.proposal_type ?? "").toString();
  switch (type) {
    case "add":
      return { proposalType: "add", add: { keyPackage: message(description.key_package, "mls_key_package", "key_package").keyPackage } };
    case "remove":
      return { proposalType: "remove", remove: { removed: leafOf(tree, description.removed_id) } };
    case "externalPSK":
      return {
        proposalType: "psk",
        psk: { preSharedKeyId: { psktype: "external", pskId: bytes(description.psk_id), pskNonce: random(cs.kdf.size) } },
      };
    case "resumptionPSK":
      return {
        proposalType: "psk",
        psk: {
          preSharedKeyId: {
            psktype: "resumption",
            usage: "application",
            pskGroupId: groupContext.groupId,
            pskEpoch: BigInt(description.epoch_id),
            pskNonce: random(cs.kdf.size),
          },
        },
      };
    case "groupContextExtensions":
      return { proposalType: "group_context_extensions", groupContextExtensions: { extensions: extensions(description.extensions) } };
    case "reinit": {
      const suite = SUITES[description.cipher_suite];
      if (suite === undefined) throw unimplemented(`cipher suite ${description.cipher_suite}`);
      return {
        proposalType: "reinit",
        reinit: { groupId: bytes(description.group_id), version: "mls10", cipherSuite: suite, extensions: extensions(description.extensions) },
      };
    }
    default:
      throw badRequest(`unknown proposal_type '${type}'`);
  }
}

/** Processes a received proposal or Commit; this member's own proposals are already applied. */
async function receive(entry, data, what) {
  const msg = message(data, undefined, what);
  if (msg.wireformat !== "mls_public_message" && msg.wireformat !== "mls_private_message") {
    throw badRequest(`${what} is a ${msg.wireformat}`);
  }
  const result = await mls.processMessage(msg, entry.state, pskIndex(entry), mls.acceptAll, entry.cs);
  entry.state = result.newState;
  return result;
}

async function receiveProposals(entry, proposals) {
  for (const p of proposals ?? []) {
    if (entry.own.has(b64(p))) continue;
    await receive(entry, p, "proposal");
  }
}

async function sendProposal(entry, prop) {
  const { newState, message: msg } = await mls.createProposal(entry.state, !entry.encrypt, prop, entry.cs);
  entry.state = newState;
  const encoded = encode(msg);
  entry.own.add(b64(encoded));
  return { proposal: encoded };
}

/** A member's proposal, described as in a Commit's by_value list. */
async function proposeDescribed(stateId, description) {
  const entry = lookup(states, stateId, "state");
  return sendProposal(entry, proposal(description, entry.state.groupContext, entry.state.ratchetTree, entry.cs));
}

const epochAuthenticator = (state) => Buffer.from(state.keySchedule.epochAuthenticator);

function advance(entry, newState) {
  entry.state = newState;
  entry.pending = undefined;
  entry.own = new Set();
}

function memberEntry(state, cs, suite, encrypt, identity, psks) {
  return { state, cs, suite, encrypt, identity, psks, pending: undefined, own: new Set() };
}

// --- RPCs ---

const rpcs = {
  async name() {
    return { name: SHIM ? "ts-mls 1.6.4 + uncompressed-key shim" : "ts-mls 1.6.4" };
  },

  async supportedCiphersuites() {
    return { ciphersuites: Object.keys(SUITES).map(Number) };
  },

  async createGroup(req) {
    const kp = await newKeyPackage(req.cipher_suite, req.identity);
    const state = await mls.createGroup(bytes(req.group_id), kp.keyPackage, kp.privatePackage, [], kp.cs);
    return { state_id: addState(memberEntry(state, kp.cs, kp.suite, req.encrypt_handshake, kp.identity, {})) };
  },

  async createKeyPackage(req) {
    const kp = await newKeyPackage(req.cipher_suite, req.identity);
    const id = nextId++;
    transactions.set(id, kp);
    return {
      transaction_id: id,
      key_package: encodeKeyPackage(kp.keyPackage),
      init_priv: Buffer.from(kp.privatePackage.initPrivateKey),
      encryption_priv: Buffer.from(kp.privatePackage.hpkePrivateKey),
      signature_priv: Buffer.from(kp.privatePackage.signaturePrivateKey),
    };
  },

  async joinGroup(req) {
    const kp = lookup(transactions, req.transaction_id, "transaction");
    const welcome = message(req.welcome, "mls_welcome", "welcome").welcome;
    const state = await mls.joinGroup(
      welcome,
      kp.keyPackage,
      kp.privatePackage,
      mls.makePskIndex(undefined, kp.psks),
      kp.cs,
      treeOrUndefined(req.ratchet_tree),
    );
    const id = addState(memberEntry(state, kp.cs, kp.suite, req.encrypt_handshake, kp.identity, kp.psks));
    return { state_id: id, epoch_authenticator: epochAuthenticator(state) };
  },

  async externalJoin(req) {
    if ((req.psks ?? []).length > 0) throw unimplemented("PreSharedKey proposals in an external Commit");
    const groupInfo = message(req.group_info, "mls_group_info", "group_info").groupInfo;
    const suiteId = SUITE_IDS[groupInfo.groupContext.cipherSuite];
    const kp = await newKeyPackage(suiteId, req.identity);
    const { publicMessage, newState } = await mls.joinGroupExternal(
      groupInfo,
      kp.keyPackage,
      kp.privatePackage,
      req.remove_prior,
      kp.cs,
      treeOrUndefined(req.ratchet_tree),
    );
    const id = addState(memberEntry(newState, kp.cs, suiteId, req.encrypt_handshake, kp.identity, {}));
    return {
      state_id: id,
      commit: encode({ version: "mls10", wireformat: "mls_public_message", publicMessage }),
      epoch_authenticator: epochAuthenticator(newState),
    };
  },

  async groupInfo(req) {
    const entry = lookup(states, req.state_id, "state");
    const groupInfo = req.external_tree
      ? await mls.createGroupInfoWithExternalPub(entry.state, [], entry.cs)
      : await mls.createGroupInfoWithExternalPubAndRatchetTree(entry.state, [], entry.cs);
    return {
      group_info: encode({ version: "mls10", wireformat: "mls_group_info", groupInfo }),
      ratchet_tree: req.external_tree ? encodeTree(entry.state.ratchetTree) : Buffer.alloc(0),
    };
  },

  async stateAuth(req) {
    return { state_auth_secret: epochAuthenticator(lookup(states, req.state_id, "state").state) };
  },

  async export(req) {
    const entry = lookup(states, req.state_id, "state");
    const secret = await mls.mlsExporter(
      entry.state.keySchedule.exporterSecret,
      req.label,
      bytes(req.context),
      req.key_length,
      entry.cs,
    );
    return { exported_secret: Buffer.from(secret) };
  },

  async protect(req) {
    const entry = lookup(states, req.state_id, "state");
    const { newState, privateMessage } = await mls.createApplicationMessage(
      entry.state,
      bytes(req.plaintext),
      entry.cs,
      bytes(req.authenticated_data),
    );
    entry.state = newState;
    return { ciphertext: encode({ version: "mls10", wireformat: "mls_private_message", privateMessage }) };
  },

  async unprotect(req) {
    const entry = lookup(states, req.state_id, "state");
    const msg = message(req.ciphertext, "mls_private_message", "ciphertext");
    const result = await mls.processMessage(msg, entry.state, pskIndex(entry), mls.acceptAll, entry.cs);
    entry.state = result.newState;
    if (result.kind !== "applicationMessage") throw badRequest("not an application message");
    return {
      plaintext: Buffer.from(result.message),
      authenticated_data: Buffer.from(msg.privateMessage.authenticatedData),
    };
  },

  async storePSK(req) {
    const id = req.state_or_transaction_id;
    const target = states.get(id) ?? transactions.get(id);
    if (target === undefined) throw new RpcError(grpc.status.NOT_FOUND, `no state or transaction with id ${id}`);
    target.psks[b64(req.psk_id)] = bytes(req.psk_secret);
    return {};
  },

  async addProposal(req) {
    return proposeDescribed(req.state_id, { proposal_type: "add", key_package: req.key_package });
  },

  async updateProposal() {
    throw unimplemented("no API for an Update proposal that keeps its new private key");
  },

  async removeProposal(req) {
    return proposeDescribed(req.state_id, { proposal_type: "remove", removed_id: req.removed_id });
  },

  async externalPSKProposal(req) {
    return proposeDescribed(req.state_id, { proposal_type: "externalPSK", psk_id: req.psk_id });
  },

  async resumptionPSKProposal(req) {
    return proposeDescribed(req.state_id, { proposal_type: "resumptionPSK", epoch_id: req.epoch_id });
  },

  async groupContextExtensionsProposal(req) {
    return proposeDescribed(req.state_id, { proposal_type: "groupContextExtensions", extensions: req.extensions });
  },

  async reInitProposal(req) {
    return proposeDescribed(req.state_id, {
      proposal_type: "reinit",
      group_id: req.group_id,
      cipher_suite: req.cipher_suite,
      extensions: req.extensions,
    });
  },

  async commit(req) {
    const entry = lookup(states, req.state_id, "state");
    await receiveProposals(entry, req.by_reference);
    const extraProposals = (req.by_value ?? []).map((d) =>
      proposal(d, entry.state.groupContext, entry.state.ratchetTree, entry.cs),
    );
    const result = await mls.createCommit(
      { state: entry.state, cipherSuite: entry.cs, pskIndex: pskIndex(entry) },
      { wireAsPublicMessage: !entry.encrypt, extraProposals, ratchetTreeExtension: !req.external_tree },
    );
    entry.pending = result.newState;
    return {
      commit: encode(result.commit),
      welcome: encodeWelcome(result.welcome),
      ratchet_tree: req.external_tree ? encodeTree(result.newState.ratchetTree) : Buffer.alloc(0),
    };
  },

  async handlePendingCommit(req) {
    const entry = lookup(states, req.state_id, "state");
    if (entry.pending === undefined) throw badRequest("no pending Commit for this state");
    advance(entry, entry.pending);
    return { state_id: req.state_id, epoch_authenticator: epochAuthenticator(entry.state) };
  },

  async handleCommit(req) {
    const entry = lookup(states, req.state_id, "state");
    await receiveProposals(entry, req.proposal);
    const result = await receive(entry, req.commit, "commit");
    advance(entry, result.newState);
    return { state_id: req.state_id, epoch_authenticator: epochAuthenticator(entry.state) };
  },

  async reInitCommit(req) {
    return rpcs.commit(req);
  },

  async handlePendingReInitCommit(req) {
    const handled = await rpcs.handlePendingCommit(req);
    return afterReInit(req.state_id, handled);
  },

  async handleReInitCommit(req) {
    const handled = await rpcs.handleCommit(req);
    return afterReInit(req.state_id, handled);
  },

  async reInitWelcome(req) {
    const reinit = lookup(reinits, req.reinit_id, "reinit");
    const pending = reinit.old.state.groupActiveState;
    const members = (req.key_package ?? []).map((k) => message(k, "mls_key_package", "key_package").keyPackage);
    const result = await mls.reinitCreateNewGroup(
      reinit.old.state,
      reinit.kp.keyPackage,
      reinit.kp.privatePackage,
      members,
      pending.reinit.groupId,
      pending.reinit.cipherSuite,
      pending.reinit.extensions,
    );
    const state = result.newState;
    const id = addState(memberEntry(state, reinit.kp.cs, reinit.kp.suite, reinit.old.encrypt, reinit.old.identity, reinit.old.psks));
    return {
      state_id: id,
      welcome: encodeWelcome(result.welcome),
      // ts-mls puts no ratchet_tree extension into these Welcomes: the tree always goes beside.
      ratchet_tree: encodeTree(state.ratchetTree),
      epoch_authenticator: epochAuthenticator(state),
    };
  },

  async handleReInitWelcome(req) {
    const reinit = lookup(reinits, req.reinit_id, "reinit");
    const welcome = message(req.welcome, "mls_welcome", "welcome").welcome;
    const state = await mls.joinGroupFromReinit(
      reinit.old.state,
      welcome,
      reinit.kp.keyPackage,
      reinit.kp.privatePackage,
      treeOrUndefined(req.ratchet_tree),
    );
    const id = addState(memberEntry(state, reinit.kp.cs, reinit.kp.suite, reinit.old.encrypt, reinit.old.identity, reinit.old.psks));
    return { state_id: id, epoch_authenticator: epochAuthenticator(state) };
  },

  async createBranch(req) {
    if ((req.extensions ?? []).length > 0) throw unimplemented("branching with new GroupContext extensions");
    const entry = lookup(states, req.state_id, "state");
    const kp = await newKeyPackage(entry.suite, entry.identity);
    const members = (req.key_packages ?? []).map((k) => message(k, "mls_key_package", "key_package").keyPackage);
    const result = await mls.branchGroup(entry.state, kp.keyPackage, kp.privatePackage, members, bytes(req.group_id), entry.cs);
    const state = result.newState;
    const id = addState(memberEntry(state, entry.cs, entry.suite, entry.encrypt, entry.identity, entry.psks));
    return {
      state_id: id,
      welcome: encodeWelcome(result.welcome),
      // ts-mls puts no ratchet_tree extension into these Welcomes: the tree always goes beside.
      ratchet_tree: encodeTree(state.ratchetTree),
      epoch_authenticator: epochAuthenticator(state),
    };
  },

  async handleBranch(req) {
    const entry = lookup(states, req.state_id, "state");
    const kp = lookup(transactions, req.transaction_id, "transaction");
    const welcome = message(req.welcome, "mls_welcome", "welcome").welcome;
    const state = await mls.joinGroupFromBranch(
      entry.state,
      welcome,
      kp.keyPackage,
      kp.privatePackage,
      treeOrUndefined(req.ratchet_tree),
      entry.cs,
    );
    const id = addState(memberEntry(state, entry.cs, entry.suite, entry.encrypt, entry.identity, entry.psks));
    return { state_id: id, epoch_authenticator: epochAuthenticator(state) };
  },

  async newMemberAddProposal(req) {
    const groupInfo = message(req.group_info, "mls_group_info", "group_info").groupInfo;
    const kp = await newKeyPackage(SUITE_IDS[groupInfo.groupContext.cipherSuite], req.identity);
    const msg = await mls.proposeAddExternal(groupInfo, kp.keyPackage, kp.privatePackage, kp.cs);
    const id = nextId++;
    transactions.set(id, kp);
    return {
      transaction_id: id,
      proposal: encode(msg),
      init_priv: Buffer.from(kp.privatePackage.initPrivateKey),
      encryption_priv: Buffer.from(kp.privatePackage.hpkePrivateKey),
      signature_priv: Buffer.from(kp.privatePackage.signaturePrivateKey),
    };
  },

  async createExternalSigner(req) {
    const cs = await impl(req.cipher_suite);
    const { publicKey, signKey } = await cs.signature.keygen();
    const id = nextId++;
    signers.set(id, { cs, publicKey, signKey });
    return {
      signer_id: id,
      external_sender: Buffer.from(mls.encodeExternalSender({ signaturePublicKey: publicKey, credential: credential(req.identity) })),
    };
  },

  async addExternalSigner(req) {
    const entry = lookup(states, req.state_id, "state");
    const added = decodeWhole(mls.decodeExternalSender, req.external_sender, "external_sender");
    const senders = [];
    const others = [];
    for (const ext of entry.state.groupContext.extensions) {
      if (ext.extensionType === "external_senders" || ext.extensionType === 5) {
        senders.push(...decodeExternalSenders(ext.extensionData));
      } else {
        others.push(ext);
      }
    }
    senders.push(added);
    others.push({ extensionType: "external_senders", extensionData: encodeExternalSenders(senders) });
    return sendProposal(entry, { proposalType: "group_context_extensions", groupContextExtensions: { extensions: others } });
  },

  async externalSignerProposal(req) {
    const signer = lookup(signers, req.signer_id, "external signer");
    const groupInfo = message(req.group_info, "mls_group_info", "group_info").groupInfo;
    const tree = treeOrUndefined(req.ratchet_tree) ?? treeOfGroupInfo(groupInfo);
    const prop = proposal(req.description, groupInfo.groupContext, tree, signer.cs);
    if (req.signer_index !== 0) throw unimplemented("external senders other than the first (ts-mls signs as index 0)");
    const msg = await mls.proposeExternal(groupInfo, prop, signer.publicKey, signer.signKey, signer.cs);
    return { proposal: encode(msg) };
  },

  async free(req) {
    states.delete(req.state_id);
    return {};
  },
};

async function afterReInit(stateId, handled) {
  const entry = lookup(states, stateId, "state");
  const active = entry.state.groupActiveState;
  if (active.kind !== "suspendedPendingReinit") throw badRequest("the Commit did not commit a ReInit");
  const kp = await newKeyPackage(SUITE_IDS[active.reinit.cipherSuite], entry.identity);
  const id = nextId++;
  reinits.set(id, { old: entry, kp });
  return { reinit_id: id, key_package: encodeKeyPackage(kp.keyPackage), epoch_authenticator: handled.epoch_authenticator };
}

// external_senders: ExternalSender external_senders<V> (RFC 9420 §12.1.8.1), with MLS varint lengths.
function decodeExternalSenders(data) {
  const buf = bytes(data);
  const [length, start] = readVarint(buf, 0);
  const out = [];
  let offset = start;
  while (offset < start + length) {
    const result = mls.decodeExternalSender(buf, offset);
    if (result === undefined) throw badRequest("external_senders does not decode");
    out.push(result[0]);
    offset += result[1];
  }
  return out;
}

function encodeExternalSenders(senders) {
  const body = Buffer.concat(senders.map((s) => Buffer.from(mls.encodeExternalSender(s))));
  return new Uint8Array(Buffer.concat([writeVarint(body.length), body]));
}

function readVarint(buf, offset) {
  const prefix = buf[offset] >> 6;
  const size = 1 << prefix;
  let value = buf[offset] & 0x3f;
  for (let i = 1; i < size; i++) value = value * 256 + buf[offset + i];
  return [value, offset + size];
}

function writeVarint(value) {
  if (value < 0x40) return Buffer.from([value]);
  if (value < 0x4000) return Buffer.from([0x40 | (value >> 8), value & 0xff]);
  return Buffer.from([0x80 | ((value >> 24) & 0x3f), (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

function treeOfGroupInfo(groupInfo) {
  const ext = groupInfo.extensions.find((e) => e.extensionType === "ratchet_tree" || e.extensionType === 2);
  if (ext === undefined) throw badRequest("the GroupInfo has no ratchet_tree and none was given");
  return decodeWhole(decodeRatchetTree, Buffer.from(ext.extensionData), "ratchet_tree extension");
}

// --- Server ---

function serve(rpc) {
  return (call, callback) => {
    rpc(call.request).then(
      (response) => callback(null, response),
      (error) => {
        const code = error instanceof RpcError ? error.code : grpc.status.FAILED_PRECONDITION;
        callback({ code, details: `${error.name ?? "Error"}: ${error.message}` });
      },
    );
  };
}

function main() {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : 50052;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`ts-mls interop client: --port ${process.argv[i + 1]} is not a port`);
    process.exit(2);
  }
  const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, enums: String, defaults: true });
  const service = grpc.loadPackageDefinition(definition).mls_client.MLSClient.service;
  const handlers = {};
  for (const [name, method] of Object.entries(service)) {
    const key = name[0].toLowerCase() + name.slice(1);
    const rpc = rpcs[key];
    handlers[name] = rpc ? serve(rpc) : serve(async () => { throw unimplemented(name); });
  }
  const server = new grpc.Server();
  server.addService(service, handlers);
  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
    if (error) {
      console.error(`ts-mls interop client: cannot listen on 127.0.0.1:${port}: ${error.message}`);
      process.exit(2);
    }
    console.log(`ts-mls interop client listening on 127.0.0.1:${bound}`);
  });
}

main();
