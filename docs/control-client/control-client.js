// A small client of the MLS Mesh control API (control/src/main/proto/mlsmesh/control/v1/control.proto).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const DEFAULT_PROTO = path.join(
  __dirname, '..', '..', 'control', 'src', 'main', 'proto', 'mlsmesh', 'control', 'v1', 'control.proto');

function loadApi(protoFile = DEFAULT_PROTO) {
  const definition = protoLoader.loadSync(protoFile, {
    keepCase: false, longs: String, enums: String, defaults: true, oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).mlsmesh.control.v1;
}

// One node's control API at HOST:PORT, with the bearer token read from its token file.
class ControlClient {
  constructor(address, tokenFile, api = loadApi()) {
    this.address = address;
    this.stub = new api.NodeControl(address, grpc.credentials.createInsecure());
    this.token = fs.readFileSync(tokenFile, 'ascii').trim();
  }

  metadata() {
    const md = new grpc.Metadata();
    md.add('authorization', `Bearer ${this.token}`);
    return md;
  }

  // Calls a unary method; resolves with its answer, rejects with the gRPC error.
  call(method, request = {}) {
    return new Promise((resolve, reject) => {
      this.stub[method](request, this.metadata(), (err, answer) => (err ? reject(err) : resolve(answer)));
    });
  }

  identity() { return this.call('getIdentity'); }
  status() { return this.call('getStatus'); }
  groups() { return this.call('listGroups').then((r) => r.groupIds); }
  group(groupId) { return this.call('getGroup', { groupId }); }
  createGroup() { return this.call('createGroup').then((r) => r.groupId); }
  invite(groupId, memberId, timeoutSeconds = 60) { return this.call('invite', { groupId, memberId, timeoutSeconds }); }
  remove(groupId, memberId) { return this.call('remove', { groupId, memberId }); }
  leave(groupId) { return this.call('leave', { groupId }); }
  update(groupId) { return this.call('update', { groupId }); }
  send(groupId, text) { return this.call('send', { groupId, payload: Buffer.from(text, 'utf8') }).then((r) => r.messageId); }

  // Follows the node's events from fromSeq (0: only new ones); onEvent gets each event with a
  // numeric seq. Returns the call: call.cancel() ends it. onError gets every failure but a cancel.
  events(fromSeq, runId, onEvent, onError = () => {}) {
    const call = this.stub.streamEvents({ fromSeq: String(fromSeq), runId }, this.metadata());
    call.on('data', (event) => onEvent({ ...event, seq: Number(event.seq) }));
    call.on('error', (err) => { if (err.code !== grpc.status.CANCELLED) onError(err); });
    return call;
  }

  close() { this.stub.close(); }
}

module.exports = { ControlClient, loadApi, grpc };
