package org.mlsmesh.interop.client;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import mls_client.MlsClient.CreateBranchRequest;
import mls_client.MlsClient.CreateSubgroupResponse;
import mls_client.MlsClient.HandleBranchRequest;
import mls_client.MlsClient.HandleBranchResponse;
import mls_client.MlsClient.HandleCommitResponse;
import mls_client.MlsClient.HandleReInitCommitResponse;
import mls_client.MlsClient.HandleReInitWelcomeRequest;
import mls_client.MlsClient.JoinGroupResponse;
import mls_client.MlsClient.ReInitWelcomeRequest;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.ResumedGroup;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.ReInit;

/** Reinitializing (RFC 9420 §11.2) and branching (§11.3) a group. */
final class ResumptionOperations {
  private final ClientContext client;

  ResumptionOperations(ClientContext client) {
    this.client = client;
  }

  /**
   * After the Commit of a ReInit was merged into {@code stateId}: a KeyPackage of the new suite for
   * this member, kept for the Welcome into the new group.
   */
  HandleReInitCommitResponse afterReInitCommit(int stateId, HandleCommitResponse handled)
      throws ClientFault {
    MemberSession session = client.sessions.member(stateId);
    ReInit reInit =
        session
            .state()
            .pendingReInit()
            .orElseThrow(() -> ClientFault.badRequest("the Commit did not commit a ReInit"));
    CipherSuite suite = ClientContext.suite(reInit.cipherSuite());
    PendingJoin join = client.newKeyPackage(suite, session.identity);
    int id =
        client.sessions.add(
            new PendingReInit(
                session, join.keyPackage, join.signer, new BasicCredential(session.identity)));
    return HandleReInitCommitResponse.newBuilder()
        .setReinitId(id)
        .setKeyPackage(Wire.bytes(MlsMessage.of(join.keyPackage.keyPackage()).encoded()))
        .setEpochAuthenticator(handled.getEpochAuthenticator())
        .build();
  }

  /** The new group, created by this member, and the Welcome for the others' KeyPackages. */
  CreateSubgroupResponse reInitWelcome(ReInitWelcomeRequest request)
      throws ClientFault, DecodeException, ValidationException {
    PendingReInit reinit = client.sessions.reinit(request.getReinitId());
    ResumedGroup resumed =
        reinit
            .old()
            .state()
            .reinit(
                reinit.signer(),
                reinit.credential(),
                keyPackages(request.getKeyPackageList()),
                client.now());
    return subgroup(reinit.old(), resumed, request.getExternalTree());
  }

  JoinGroupResponse handleReInitWelcome(HandleReInitWelcomeRequest request)
      throws ClientFault, DecodeException, ValidationException {
    PendingReInit reinit = client.sessions.reinit(request.getReinitId());
    CipherSuite suite = ClientContext.suite(reinit.keyPackage().keyPackage().cipherSuite());
    GroupState state =
        reinit
            .old()
            .state()
            .joinReInit(
                Wire.message(request.getWelcome(), "welcome"),
                reinit.keyPackage(),
                reinit.signer(),
                GroupOperations.tree(suite, Wire.tree(request.getRatchetTree())),
                client.now())
            .join();
    int id = client.sessions.add(session(reinit.old(), state));
    return JoinGroupResponse.newBuilder()
        .setStateId(id)
        .setEpochAuthenticator(Wire.bytes(state.epochAuthenticator()))
        .build();
  }

  CreateSubgroupResponse createBranch(CreateBranchRequest request)
      throws ClientFault, DecodeException, ValidationException {
    MemberSession session = client.sessions.member(request.getStateId());
    ResumedGroup resumed =
        session
            .state()
            .branch(
                Wire.bytes(request.getGroupId()),
                Wire.extensions(request.getExtensionsList()),
                keyPackages(request.getKeyPackagesList()),
                client.now());
    return subgroup(session, resumed, request.getExternalTree());
  }

  HandleBranchResponse handleBranch(HandleBranchRequest request)
      throws ClientFault, DecodeException, ValidationException {
    MemberSession session = client.sessions.member(request.getStateId());
    PendingJoin join = client.sessions.join(request.getTransactionId());
    CipherSuite suite = session.state().suite();
    GroupState state =
        session
            .state()
            .joinBranch(
                Wire.message(request.getWelcome(), "welcome"),
                join.keyPackage,
                join.signer,
                GroupOperations.tree(suite, Wire.tree(request.getRatchetTree())),
                client.now())
            .join();
    int id = client.sessions.add(session(session, state));
    return HandleBranchResponse.newBuilder()
        .setStateId(id)
        .setEpochAuthenticator(Wire.bytes(state.epochAuthenticator()))
        .build();
  }

  private CreateSubgroupResponse subgroup(
      MemberSession parent, ResumedGroup resumed, boolean externalTree) {
    GroupState state = resumed.state();
    int id = client.sessions.add(session(parent, state));
    CreateSubgroupResponse.Builder response =
        CreateSubgroupResponse.newBuilder()
            .setStateId(id)
            .setEpochAuthenticator(Wire.bytes(state.epochAuthenticator()));
    resumed.welcome().ifPresent(welcome -> response.setWelcome(Wire.bytes(welcome.encoded())));
    if (externalTree) {
      response.setRatchetTree(Wire.bytes(state.tree().toNodes().encoded()));
    }
    return response.build();
  }

  /** The new group's member keeps the identity, handshake mode and PSKs of the old one. */
  private static MemberSession session(MemberSession parent, GroupState state) {
    return new MemberSession(parent.identity, parent.encryptHandshake, parent.psks, state);
  }

  private static List<KeyPackage> keyPackages(List<ByteString> encoded) throws DecodeException {
    List<KeyPackage> out = new ArrayList<>();
    for (ByteString bytes : encoded) {
      MlsMessage message = Wire.message(bytes, "key_package");
      out.add(
          message
              .keyPackage()
              .orElseThrow(() -> new DecodeException("key_package is not a KeyPackage", 0)));
    }
    return out;
  }
}
