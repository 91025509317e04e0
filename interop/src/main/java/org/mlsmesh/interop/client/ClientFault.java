package org.mlsmesh.interop.client;

import io.grpc.Status;

/** A request this client cannot serve: an unknown id, or a feature it does not implement. */
final class ClientFault extends Exception {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;

  private ClientFault(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  static ClientFault unknownId(String what, int id) {
    return new ClientFault(Status.Code.NOT_FOUND, "no " + what + " with id " + id);
  }

  static ClientFault unsupported(String what) {
    return new ClientFault(Status.Code.UNIMPLEMENTED, what);
  }

  static ClientFault badRequest(String what) {
    return new ClientFault(Status.Code.INVALID_ARGUMENT, what);
  }

  Status status() {
    return Status.fromCode(code).withDescription(getMessage());
  }
}
