package org.mlsmesh.node.storage;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link ClaimStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryClaimStore implements ClaimStore {
  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryClaimStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public void put(Bytes ref, Bytes identity, long untilMillis) {
    Checks.id(ref, "ref");
    Checks.id(identity, "identity");
    guard.check();
    tables.claims.put(ref, new Claim(ref, identity, untilMillis));
  }

  @Override
  public List<Claim> listAfter(long nowMillis) {
    guard.check();
    return tables.claims.view().values().stream().filter(c -> c.untilMillis() > nowMillis).toList();
  }

  @Override
  public int pruneUntil(long nowMillis) {
    guard.check();
    return tables.claims.removeIf((ref, claim) -> claim.untilMillis() <= nowMillis);
  }
}
