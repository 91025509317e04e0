package org.mlsmesh.app.testnet;

/** A message the driver had a node send: its id, the sender and the phase it was sent in. */
record SentMessage(String id, int sender, String phase) {}
