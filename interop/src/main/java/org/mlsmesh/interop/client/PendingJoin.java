package org.mlsmesh.interop.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;

/**
 * A KeyPackage this client published and the keys behind it, waiting for a Welcome: the interop
 * protocol's {@code transaction_id}.
 */
final class PendingJoin {
  final Bytes identity;
  final KeyPackageBundle keyPackage;
  final SignatureKeyPair signer;
  final Map<Bytes, Secret> psks = new ConcurrentHashMap<>();

  PendingJoin(Bytes identity, KeyPackageBundle keyPackage, SignatureKeyPair signer) {
    this.identity = identity;
    this.keyPackage = keyPackage;
    this.signer = signer;
  }
}
