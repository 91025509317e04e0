package org.mlsmesh.control.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.node.RemovedFromGroupException;

/** What the node's failures are called in gRPC. */
final class GrpcErrors {
  private GrpcErrors() {}

  static StatusRuntimeException of(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StatusRuntimeException s) {
      return s;
    }
    String message = String.valueOf(cause.getMessage());
    Status status;
    if (cause instanceof TimeoutException) {
      status = Status.DEADLINE_EXCEEDED;
    } else if (cause instanceof RemovedFromGroupException) {
      status = Status.FAILED_PRECONDITION;
    } else if (cause instanceof IllegalArgumentException) {
      status =
          message.startsWith("not a member of group") ? Status.NOT_FOUND : Status.INVALID_ARGUMENT;
    } else if (cause instanceof IllegalStateException) {
      status = Status.FAILED_PRECONDITION;
    } else if (cause instanceof CancellationException) {
      status = Status.UNAVAILABLE;
      message = "the node is stopping";
    } else {
      status = Status.INTERNAL;
      message = cause.getClass().getSimpleName() + ": " + message;
    }
    return status.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException invalid(String field, String reason) {
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + reason).asRuntimeException();
  }
}
