package org.mlsmesh.control.internal;

import io.grpc.StatusRuntimeException;
import java.util.function.Function;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;

/** Ids of requests parsed from hex, or an INVALID_ARGUMENT naming the field and why. */
final class RequestIds {
  private RequestIds() {}

  static GroupId group(String hex) {
    return parse("group_id", hex, GroupId::fromHex);
  }

  static MemberId member(String hex) {
    MemberId member = parse("member_id", hex, MemberId::fromHex);
    if (!member.isNode()) {
      throw GrpcErrors.invalid(
          "member_id", "not a node's identity (" + MemberId.NODE_LENGTH + " bytes in hex)");
    }
    return member;
  }

  private static <T> T parse(String field, String hex, Function<String, T> parser)
      throws StatusRuntimeException {
    if (hex.isEmpty()) {
      throw GrpcErrors.invalid(field, "missing");
    }
    try {
      return parser.apply(hex);
    } catch (IllegalArgumentException e) {
      throw GrpcErrors.invalid(field, e.getMessage());
    }
  }
}
