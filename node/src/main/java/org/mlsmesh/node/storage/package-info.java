/**
 * The node's durable storage: {@link org.mlsmesh.node.storage.NodeStorage}, the small interface the
 * group actors use, with a SQLite implementation (one file per node, WAL, {@code synchronous=FULL})
 * and an in-memory one with the same semantics for tests and the simulator.
 *
 * <p>Storage never interprets MLS: group states, snapshots, KeyPackages and messages are opaque
 * bytes keyed by ids, and secrets among them are {@link org.mlsmesh.protocol.crypto.Secret}s that
 * never print. Every change MLS requires to be atomic is one {@link
 * org.mlsmesh.node.storage.NodeStorage#inTransaction} call, and a change is on disk when the call
 * returns, so callers persist first and send second.
 */
package org.mlsmesh.node.storage;
