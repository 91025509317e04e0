package org.mlsmesh.protocol.group;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;

/**
 * The Add proposals of one Commit whose KeyPackages passed KeyPackage validation (RFC 9420 §10.1),
 * by proposal identity: validated by the committer's caller when fetched, or while validating the
 * proposal list. Applying them needs no second verification of their leaf signatures.
 */
final class VerifiedAdds {
  private final Map<Add, VerifiedKeyPackage> byAdd = new IdentityHashMap<>();

  /** Records that {@code add} carries {@code keyPackage}, verified. */
  void put(Add add, VerifiedKeyPackage keyPackage) {
    if (!add.keyPackage().equals(keyPackage.keyPackage())) {
      throw new IllegalArgumentException("the Add does not carry this KeyPackage");
    }
    byAdd.put(add, keyPackage);
  }

  Optional<VerifiedKeyPackage> get(Add add) {
    return Optional.ofNullable(byAdd.get(add));
  }
}
