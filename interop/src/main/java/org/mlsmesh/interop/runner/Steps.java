package org.mlsmesh.interop.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import mls_client.MlsClient.Extension;

/** Reading the fields of a script step. */
final class Steps {
  private Steps() {}

  static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(name -> out.add(name.asText()));
    return out;
  }

  /** A boolean the configs spell two ways ({@code force_path} and {@code forcePath}). */
  static boolean flag(JsonNode step, String name, String alias) {
    return step.path(name).asBoolean(false) || step.path(alias).asBoolean(false);
  }

  /** {@code [{"extension_type": 3, "extension_data": base64}, ...]}. */
  static List<Extension> extensions(JsonNode array) {
    List<Extension> out = new ArrayList<>();
    for (JsonNode extension : array) {
      out.add(
          Extension.newBuilder()
              .setExtensionType(extension.path("extension_type").asInt())
              .setExtensionData(
                  ByteString.copyFrom(
                      Base64.getDecoder().decode(extension.path("extension_data").asText())))
              .build());
    }
    return out;
  }
}
