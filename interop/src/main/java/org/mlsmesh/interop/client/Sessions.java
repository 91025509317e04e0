package org.mlsmesh.interop.client;

import java.util.HashMap;
import java.util.Map;

/**
 * The ids an interop client hands out, one counter for all kinds (states, transactions, reinits,
 * external signers), so an id never names two things.
 */
final class Sessions {
  private int next = 1;
  private final Map<Integer, MemberSession> members = new HashMap<>();
  private final Map<Integer, PendingJoin> joins = new HashMap<>();
  private final Map<Integer, PendingReInit> reinits = new HashMap<>();
  private final Map<Integer, ExternalSignerKey> signers = new HashMap<>();

  int add(MemberSession session) {
    members.put(next, session);
    return next++;
  }

  int add(PendingJoin join) {
    joins.put(next, join);
    return next++;
  }

  int add(PendingReInit reinit) {
    reinits.put(next, reinit);
    return next++;
  }

  int add(ExternalSignerKey signer) {
    signers.put(next, signer);
    return next++;
  }

  MemberSession member(int id) throws ClientFault {
    return found(members.get(id), "state", id);
  }

  PendingJoin join(int id) throws ClientFault {
    return found(joins.get(id), "transaction", id);
  }

  PendingReInit reinit(int id) throws ClientFault {
    return found(reinits.get(id), "reinit", id);
  }

  ExternalSignerKey signer(int id) throws ClientFault {
    return found(signers.get(id), "external signer", id);
  }

  boolean hasMember(int id) {
    return members.containsKey(id);
  }

  /** Frees a state (Free): its secrets are destroyed. */
  void free(int id) {
    MemberSession session = members.remove(id);
    if (session != null && !session.state().isDestroyed()) {
      session.state().destroy();
    }
  }

  private static <T> T found(T value, String what, int id) throws ClientFault {
    if (value == null) {
      throw ClientFault.unknownId(what, id);
    }
    return value;
  }
}
