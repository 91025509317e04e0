#!/usr/bin/env node
// Drives two running MLS Mesh nodes through their control APIs, end to end:
//   node example.js HOST:PORT TOKENFILE HOST:PORT TOKENFILE
// (the first node's control address and token file, then the second's, as `mlsmesh node run`
// prints them). The first node creates a group and invites the second, which follows its event
// stream; the first sends two messages; the second reads the first one, disconnects, and resumes
// its stream from the sequence number after the last event it saw, missing nothing. Prints one
// JSON line per step; exits 0 when every step held, 1 otherwise.
'use strict';

const { ControlClient, grpc } = require('./control-client');

function step(name, detail = {}) {
  console.log(JSON.stringify({ step: name, ...detail }));
}

// Waits for the first event that `wanted` accepts, on a stream from fromSeq.
function nextEvent(client, fromSeq, runId, wanted, seen = []) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { call.cancel(); reject(new Error('no such event within 60 s')); }, 60_000);
    const call = client.events(fromSeq, runId, (event) => {
      seen.push(event);
      if (wanted(event)) {
        clearTimeout(timer);
        call.cancel();
        resolve(event);
      }
    }, (err) => { clearTimeout(timer); reject(err); });
  });
}

async function inviteWhenPublished(alice, groupId, memberId) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await alice.invite(groupId, memberId);
    } catch (err) {
      // Right after a node started, the directory may not have its KeyPackages yet.
      if (attempt === 100 || !String(err.details).includes('no KeyPackage')) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function main(args) {
  if (args.length !== 4) {
    console.error('usage: node example.js HOST:PORT TOKENFILE HOST:PORT TOKENFILE');
    return 2;
  }
  const alice = new ControlClient(args[0], args[1]);
  const bob = new ControlClient(args[2], args[3]);
  try {
    const [a, b] = [await alice.identity(), await bob.identity()];
    step('identities', { alice: a.memberId, bob: b.memberId, apiVersion: a.apiVersion });

    const groupId = await alice.createGroup();
    step('created', { groupId });
    const change = await inviteWhenPublished(alice, groupId, b.memberId);
    step('invited', { member: change.memberId, byThisMember: change.byThisMember });

    const first = await alice.send(groupId, 'hello from Node.js');
    const got = await nextEvent(bob, 1, b.runId,
      (e) => e.kind === 'messageReceived' && e.messageReceived.messageId === first);
    step('received', { seq: got.seq, text: got.messageReceived.payload.toString('utf8') });

    // Bob is away while Alice sends again; he resumes from the event after the last he saw.
    const second = await alice.send(groupId, 'sent while you were away');
    const resumed = [];
    const again = await nextEvent(bob, got.seq + 1, got.runId,
      (e) => e.kind === 'messageReceived' && e.messageReceived.messageId === second, resumed);
    const gapless = resumed.every((e, i) => e.seq === got.seq + 1 + i);
    step('resumed', { fromSeq: got.seq + 1, events: resumed.length, gapless, text: again.messageReceived.payload.toString('utf8') });

    const [ga, gb] = [await alice.group(groupId), await bob.group(groupId)];
    const agree = ga.epochAuthenticator === gb.epochAuthenticator && ga.members.length === 2;
    step('group', { epoch: Number(ga.epoch), members: ga.members.length, agree });

    // A wrong token is refused.
    const stranger = new ControlClient(args[0], args[1]);
    stranger.token = '0'.repeat(64);
    let refused = null;
    try { await stranger.identity(); } catch (err) { refused = err.code; }
    stranger.close();
    step('wrong token', { refused: refused === grpc.status.UNAUTHENTICATED });

    return gapless && agree && refused === grpc.status.UNAUTHENTICATED ? 0 : 1;
  } finally {
    alice.close();
    bob.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { console.error(`failed: ${err.details || err.message}`); process.exit(1); });
