package org.mlsmesh.interop.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import mls_client.MlsClient;
import mls_client.MlsClient.CreateGroupRequest;
import mls_client.MlsClient.CreateGroupResponse;
import mls_client.MlsClient.CreateKeyPackageRequest;
import mls_client.MlsClient.CreateKeyPackageResponse;
import mls_client.MlsClient.ExportRequest;
import mls_client.MlsClient.ExportResponse;
import mls_client.MlsClient.ExternalJoinRequest;
import mls_client.MlsClient.ExternalJoinResponse;
import mls_client.MlsClient.GroupInfoRequest;
import mls_client.MlsClient.GroupInfoResponse;
import mls_client.MlsClient.JoinGroupRequest;
import mls_client.MlsClient.JoinGroupResponse;
import mls_client.MlsClient.ProtectRequest;
import mls_client.MlsClient.ProtectResponse;
import mls_client.MlsClient.StateAuthRequest;
import mls_client.MlsClient.StateAuthResponse;
import mls_client.MlsClient.StorePSKRequest;
import mls_client.MlsClient.StorePSKResponse;
import mls_client.MlsClient.UnprotectRequest;
import mls_client.MlsClient.UnprotectResponse;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.ExternalCommit;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/** Becoming a member (RFC 9420 §11, §12.4.3) and using a group state (§6.3, §8.5, §8.7). */
final class GroupOperations {
  private final ClientContext client;

  GroupOperations(ClientContext client) {
    this.client = client;
  }

  CreateGroupResponse createGroup(CreateGroupRequest request) throws ClientFault {
    CipherSuite suite = ClientContext.suite(request.getCipherSuite());
    Bytes identity = Wire.bytes(request.getIdentity());
    SignatureKeyPair signer = suite.crypto().generateSignatureKeyPair(client.random);
    Map<Bytes, Secret> psks = new ConcurrentHashMap<>();
    GroupState state =
        GroupState.create(
            ClientEnvironments.of(request.getEncryptHandshake(), psks, client.random),
            suite,
            Wire.bytes(request.getGroupId()),
            List.of(),
            signer,
            new BasicCredential(identity),
            client.now());
    int id =
        client.sessions.add(
            new MemberSession(identity, request.getEncryptHandshake(), psks, state));
    return CreateGroupResponse.newBuilder().setStateId(id).build();
  }

  CreateKeyPackageResponse createKeyPackage(CreateKeyPackageRequest request) throws ClientFault {
    CipherSuite suite = ClientContext.suite(request.getCipherSuite());
    PendingJoin join = client.newKeyPackage(suite, Wire.bytes(request.getIdentity()));
    int id = client.sessions.add(join);
    return CreateKeyPackageResponse.newBuilder()
        .setTransactionId(id)
        .setKeyPackage(Wire.bytes(MlsMessage.of(join.keyPackage.keyPackage()).encoded()))
        .setInitPriv(Wire.bytes(join.keyPackage.initPrivateKey().insecureAsBytes()))
        .setEncryptionPriv(Wire.bytes(join.keyPackage.encryptionPrivateKey().insecureAsBytes()))
        .setSignaturePriv(Wire.bytes(join.signer.privateKey().insecureAsBytes()))
        .build();
  }

  JoinGroupResponse joinGroup(JoinGroupRequest request)
      throws ClientFault, DecodeException, ValidationException {
    PendingJoin join = client.sessions.join(request.getTransactionId());
    MlsMessage welcome = Wire.message(request.getWelcome(), "welcome");
    CipherSuite suite = ClientContext.suite(join.keyPackage.keyPackage().cipherSuite());
    StagedWelcome staged =
        GroupState.stageWelcome(
            ClientEnvironments.of(request.getEncryptHandshake(), join.psks, client.random),
            welcome,
            join.keyPackage,
            join.signer,
            tree(suite, Wire.tree(request.getRatchetTree())),
            client.now());
    GroupState state = staged.join();
    int id =
        client.sessions.add(
            new MemberSession(join.identity, request.getEncryptHandshake(), join.psks, state));
    return JoinGroupResponse.newBuilder()
        .setStateId(id)
        .setEpochAuthenticator(Wire.bytes(state.epochAuthenticator()))
        .build();
  }

  ExternalJoinResponse externalJoin(ExternalJoinRequest request)
      throws ClientFault, DecodeException, ValidationException {
    MlsMessage groupInfoMessage = Wire.message(request.getGroupInfo(), "group_info");
    GroupInfo groupInfo = Wire.groupInfo(groupInfoMessage, "group_info");
    CipherSuite suite = ClientContext.suite(groupInfo.groupContext().cipherSuite());
    Bytes identity = Wire.bytes(request.getIdentity());
    Optional<RatchetTreeNodes> tree = Wire.tree(request.getRatchetTree());
    Optional<LeafIndex> prior = Optional.empty();
    if (request.getRemovePrior()) {
      RatchetTreeNodes nodes = tree.isPresent() ? tree.get() : Wire.treeOf(groupInfo);
      prior =
          Optional.of(
              Wire.leafOf(nodes, identity)
                  .orElseThrow(() -> ClientFault.badRequest("no prior leaf of " + identity)));
    }
    SignatureKeyPair signer = suite.crypto().generateSignatureKeyPair(client.random);
    Map<Bytes, Secret> psks = new ConcurrentHashMap<>();
    List<PreSharedKeyId> injected = new ArrayList<>();
    for (MlsClient.PreSharedKey psk : request.getPsksList()) {
      psks.put(Wire.bytes(psk.getPskId()), Secret.of(Wire.bytes(psk.getPskSecret())));
      injected.add(
          PreSharedKeyId.external(
              Wire.bytes(psk.getPskId()),
              Bytes.wrap(client.random.randomBytes(suite.hashLength()))));
    }
    ExternalCommit commit =
        ExternalCommit.create(
            ClientEnvironments.of(request.getEncryptHandshake(), psks, client.random),
            groupInfoMessage,
            tree,
            signer,
            new BasicCredential(identity),
            prior,
            injected,
            Bytes.EMPTY,
            client.now());
    GroupState state = commit.join();
    int id =
        client.sessions.add(
            new MemberSession(identity, request.getEncryptHandshake(), psks, state));
    return ExternalJoinResponse.newBuilder()
        .setStateId(id)
        .setCommit(Wire.bytes(commit.commit().encoded()))
        .setEpochAuthenticator(Wire.bytes(state.epochAuthenticator()))
        .build();
  }

  GroupInfoResponse groupInfo(GroupInfoRequest request) throws ClientFault {
    GroupState state = client.sessions.member(request.getStateId()).state();
    boolean external = request.getExternalTree();
    GroupInfoResponse.Builder response =
        GroupInfoResponse.newBuilder()
            .setGroupInfo(Wire.bytes(state.groupInfo(!external, true).encoded()));
    if (external) {
      response.setRatchetTree(Wire.bytes(state.tree().toNodes().encoded()));
    }
    return response.build();
  }

  StateAuthResponse stateAuth(StateAuthRequest request) throws ClientFault {
    GroupState state = client.sessions.member(request.getStateId()).state();
    return StateAuthResponse.newBuilder()
        .setStateAuthSecret(Wire.bytes(state.epochAuthenticator()))
        .build();
  }

  ExportResponse export(ExportRequest request) throws ClientFault {
    GroupState state = client.sessions.member(request.getStateId()).state();
    Secret exported =
        state.exporter(
            request.getLabel(), Wire.bytes(request.getContext()), request.getKeyLength());
    try {
      return ExportResponse.newBuilder()
          .setExportedSecret(Wire.bytes(exported.insecureAsBytes()))
          .build();
    } finally {
      exported.destroy();
    }
  }

  ProtectResponse protect(ProtectRequest request) throws ClientFault {
    GroupState state = client.sessions.member(request.getStateId()).state();
    MlsMessage message =
        state.encrypt(
            Wire.bytes(request.getPlaintext()), Wire.bytes(request.getAuthenticatedData()), 0);
    return ProtectResponse.newBuilder().setCiphertext(Wire.bytes(message.encoded())).build();
  }

  UnprotectResponse unprotect(UnprotectRequest request)
      throws ClientFault, DecodeException, ValidationException {
    GroupState state = client.sessions.member(request.getStateId()).state();
    Processed processed =
        state.process(Wire.message(request.getCiphertext(), "ciphertext"), client.now());
    if (!(processed instanceof Processed.Application application)) {
      throw ClientFault.badRequest("not an application message: " + processed);
    }
    return UnprotectResponse.newBuilder()
        .setPlaintext(Wire.bytes(application.data()))
        .setAuthenticatedData(Wire.bytes(application.authenticatedData()))
        .build();
  }

  StorePSKResponse storePsk(StorePSKRequest request) throws ClientFault {
    int id = request.getStateOrTransactionId();
    Map<Bytes, Secret> psks =
        client.sessions.hasMember(id)
            ? client.sessions.member(id).psks
            : client.sessions.join(id).psks;
    psks.put(Wire.bytes(request.getPskId()), Secret.of(Wire.bytes(request.getPskSecret())));
    return StorePSKResponse.getDefaultInstance();
  }

  static Optional<RatchetTree> tree(CipherSuite suite, Optional<RatchetTreeNodes> nodes)
      throws DecodeException, ValidationException {
    return nodes.isEmpty()
        ? Optional.empty()
        : Optional.of(RatchetTree.fromNodes(suite, nodes.get()));
  }
}
