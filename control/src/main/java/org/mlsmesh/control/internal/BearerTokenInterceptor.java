package org.mlsmesh.control.internal;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.Objects;

/** Refuses every gRPC call that does not carry {@code authorization: Bearer TOKEN}. */
public final class BearerTokenInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final ControlToken token;
  private final Path tokenFile;

  public BearerTokenInterceptor(ControlToken token, Path tokenFile) {
    this.token = Objects.requireNonNull(token, "token");
    this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    String refusal = refusal(headers.get(AUTHORIZATION));
    if (refusal == null) {
      return next.startCall(call, headers);
    }
    call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** Why a call with this authorization header is refused; null when it is accepted. */
  private String refusal(String authorization) {
    if (authorization == null) {
      return "no bearer token: send the metadata 'authorization: Bearer TOKEN' with the token"
          + " in "
          + tokenFile;
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return "the authorization metadata is not 'Bearer TOKEN'";
    }
    if (!token.matches(authorization.substring(BEARER.length()))) {
      return "wrong bearer token: use the one in "
          + tokenFile
          + " (written anew at every start of the node)";
    }
    return null;
  }
}
