package org.mlsmesh.protocol.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The kinds of official test vector this implementation knows, and the checks it has for them. */
public final class VectorKinds {
  /** Every kind of the official vector set; those without a check yet count as skipped. */
  public static final Set<String> KNOWN =
      Set.of(
          "tree-math",
          "crypto-basics",
          "secret-tree",
          "message-protection",
          "key-schedule",
          "psk_secret",
          "transcript-hashes",
          "messages",
          "deserialization",
          "tree-operations",
          "tree-validation",
          "treekem",
          "welcome",
          "passive-client-welcome",
          "passive-client-handling-commit",
          "passive-client-random",
          "passive-client");

  private static final Map<String, VectorCheck> CHECKS = new LinkedHashMap<>();

  static {
    for (VectorCheck check :
        List.<VectorCheck>of(
            new TreeMathCheck(),
            new CryptoBasicsCheck(),
            new SecretTreeCheck(),
            new KeyScheduleCheck(),
            new PskSecretCheck(),
            new MessageProtectionCheck(),
            new TranscriptHashesCheck(),
            new MessagesCheck(),
            new DeserializationCheck(),
            new TreeOperationsCheck(),
            new TreeValidationCheck(),
            new TreeKemCheck(),
            new WelcomeCheck(),
            new PassiveClientCheck("passive-client-welcome"),
            new PassiveClientCheck("passive-client-handling-commit"),
            new PassiveClientCheck("passive-client-random"),
            new PassiveClientCheck("passive-client"))) {
      CHECKS.put(check.kind(), check);
    }
  }

  private VectorKinds() {}

  /** The check for {@code kind}, or empty when the kind is known but not implemented yet. */
  public static Optional<VectorCheck> check(String kind) {
    return Optional.ofNullable(CHECKS.get(kind));
  }

  public static boolean isKnown(String kind) {
    return KNOWN.contains(kind);
  }

  /** The kind named by a vector file name: {@code tree-math.json} is {@code tree-math}. */
  public static String kindOfFileName(String fileName) {
    return fileName.endsWith(".json")
        ? fileName.substring(0, fileName.length() - ".json".length())
        : fileName;
  }
}
