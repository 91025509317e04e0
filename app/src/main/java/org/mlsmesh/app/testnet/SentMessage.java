package org.mlsmesh.app.testnet;

import java.util.Set;

/**
 * A message the driver had a node send: its id, the sender, the phase it was sent in, and the nodes
 * that must receive it (the other members when it was sent).
 */
record SentMessage(String id, int sender, String phase, Set<Integer> recipients) {
  SentMessage {
    recipients = Set.copyOf(recipients);
  }
}
