package org.mlsmesh.interop.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import mls_client.MLSClientGrpc.MLSClientBlockingStub;
import mls_client.MlsClient.AddExternalSignerRequest;
import mls_client.MlsClient.AddProposalRequest;
import mls_client.MlsClient.CommitRequest;
import mls_client.MlsClient.CommitResponse;
import mls_client.MlsClient.CreateBranchRequest;
import mls_client.MlsClient.CreateExternalSignerRequest;
import mls_client.MlsClient.CreateExternalSignerResponse;
import mls_client.MlsClient.CreateGroupRequest;
import mls_client.MlsClient.CreateKeyPackageRequest;
import mls_client.MlsClient.CreateKeyPackageResponse;
import mls_client.MlsClient.CreateSubgroupResponse;
import mls_client.MlsClient.ExportRequest;
import mls_client.MlsClient.ExternalJoinRequest;
import mls_client.MlsClient.ExternalJoinResponse;
import mls_client.MlsClient.ExternalPSKProposalRequest;
import mls_client.MlsClient.ExternalSignerProposalRequest;
import mls_client.MlsClient.GroupContextExtensionsProposalRequest;
import mls_client.MlsClient.GroupInfoRequest;
import mls_client.MlsClient.GroupInfoResponse;
import mls_client.MlsClient.HandleBranchRequest;
import mls_client.MlsClient.HandleCommitRequest;
import mls_client.MlsClient.HandlePendingCommitRequest;
import mls_client.MlsClient.HandleReInitCommitResponse;
import mls_client.MlsClient.HandleReInitWelcomeRequest;
import mls_client.MlsClient.JoinGroupRequest;
import mls_client.MlsClient.NewMemberAddProposalRequest;
import mls_client.MlsClient.NewMemberAddProposalResponse;
import mls_client.MlsClient.PreSharedKey;
import mls_client.MlsClient.ProposalDescription;
import mls_client.MlsClient.ProtectRequest;
import mls_client.MlsClient.ReInitProposalRequest;
import mls_client.MlsClient.ReInitWelcomeRequest;
import mls_client.MlsClient.RemoveProposalRequest;
import mls_client.MlsClient.ResumptionPSKProposalRequest;
import mls_client.MlsClient.StateAuthRequest;
import mls_client.MlsClient.StorePSKRequest;
import mls_client.MlsClient.UnprotectRequest;
import mls_client.MlsClient.UnprotectResponse;
import mls_client.MlsClient.UpdateProposalRequest;

/**
 * Plays one script with one assignment of clients to actors and one cipher suite, checking what the
 * working group's runner checks: after every step that changes the epoch, the members that took
 * part agree on the state authenticator (RFC 9420 §8.7) and on an exported secret (§8.5); every
 * unprotected message is the one protected; at the end each member's message is read by every other
 * member.
 */
final class ScriptPlayer {
  private final Map<String, ClientEndpoint> clients;
  private final int otherSuite;
  private final boolean encryptHandshake;
  private final Random random;
  private int suite;
  private ByteString groupId;

  private final Map<String, Integer> stateOf = new HashMap<>();
  private final Map<String, Integer> transactionOf = new HashMap<>();
  private final Map<String, Integer> signerOf = new HashMap<>();
  private final Map<String, Integer> signerIndexOf = new HashMap<>();
  private final Map<Integer, ByteString> messages = new HashMap<>();
  private final Map<Integer, PreSharedKey> psks = new HashMap<>();
  private final Map<Integer, ProtectRequest> protectedRequests = new HashMap<>();
  private final Map<Integer, Integer> reinitSuiteOf = new HashMap<>();

  /** The client of the last call made: the one whose failure a StatusRuntimeException reports. */
  private String lastClient = "";

  /** The actors whose states must agree: those that took part in the last epoch change. */
  private Set<String> synced = new LinkedHashSet<>();

  ScriptPlayer(
      Map<String, ClientEndpoint> clients,
      int suite,
      int otherSuite,
      boolean encryptHandshake,
      long seed) {
    this.clients = Map.copyOf(clients);
    this.suite = suite;
    this.otherSuite = otherSuite;
    this.encryptHandshake = encryptHandshake;
    this.random = new Random(seed);
  }

  void play(Script script) throws ScriptFailure {
    List<JsonNode> steps = script.steps();
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String action = step.path("action").asText();
      try {
        run(i, action, step);
      } catch (StatusRuntimeException e) {
        throw failure("step " + i + " " + action, e);
      } catch (ScriptFailure | IllegalArgumentException e) {
        // IllegalArgumentException: the script names an actor or output that does not exist.
        throw new ScriptFailure("step " + i + " " + action + ": " + e.getMessage(), e);
      }
    }
    try {
      verifyMessagesBetweenMembers();
    } catch (StatusRuntimeException e) {
      throw failure("final check", e);
    }
  }

  /** A failed call, with the client that answered it. */
  private ScriptFailure failure(String where, StatusRuntimeException e) {
    Status status = e.getStatus();
    return new ScriptFailure(
        where + ": " + lastClient + ": " + status.getCode() + " " + status.getDescription(),
        e,
        status.getCode() == Status.Code.UNIMPLEMENTED);
  }

  private void run(int index, String action, JsonNode step) throws ScriptFailure {
    switch (action) {
      case "createGroup" -> createGroup(step);
      case "createKeyPackage" -> createKeyPackage(index, step.path("actor").asText());
      case "addProposal" ->
          proposal(
              index,
              step,
              s ->
                  s.addProposal(
                          AddProposalRequest.newBuilder()
                              .setStateId(state(step.path("actor").asText()))
                              .setKeyPackage(message(step, "keyPackage"))
                              .build())
                      .getProposal());
      case "updateProposal" ->
          proposal(
              index,
              step,
              s ->
                  s.updateProposal(
                          UpdateProposalRequest.newBuilder()
                              .setStateId(state(step.path("actor").asText()))
                              .build())
                      .getProposal());
      case "removeProposal" ->
          proposal(
              index,
              step,
              s ->
                  s.removeProposal(
                          RemoveProposalRequest.newBuilder()
                              .setStateId(state(step.path("actor").asText()))
                              .setRemovedId(identity(step.path("removed").asText()))
                              .build())
                      .getProposal());
      case "externalPSKProposal" ->
          proposal(
              index,
              step,
              s ->
                  s.externalPSKProposal(
                          ExternalPSKProposalRequest.newBuilder()
                              .setStateId(state(step.path("actor").asText()))
                              .setPskId(psk(step.path("pskID").asInt()).getPskId())
                              .build())
                      .getProposal());
      case "resumptionPSKProposal" ->
          proposal(
              index,
              step,
              s ->
                  s.resumptionPSKProposal(
                          ResumptionPSKProposalRequest.newBuilder()
                              .setStateId(state(step.path("actor").asText()))
                              .setEpochId(step.path("epochID").asLong())
                              .build())
                      .getProposal());
      case "groupContextExtensionsProposal" ->
          proposal(
              index,
              step,
              s ->
                  s.groupContextExtensionsProposal(
                          GroupContextExtensionsProposalRequest.newBuilder()
                              .setStateId(state(step.path("actor").asText()))
                              .addAllExtensions(Steps.extensions(step.path("extensions")))
                              .build())
                      .getProposal());
      case "installExternalPSK" -> installExternalPsk(index, step);
      case "fullCommit" -> fullCommit(step);
      case "externalJoin" -> externalJoin(step);
      case "protect" -> protect(index, step);
      case "unprotect" -> unprotect(step);
      case "branch" -> branch(step);
      case "reinit" -> reinit(step);
      case "newMemberAddProposal" -> newMemberAddProposal(index, step);
      case "addExternalSigner" -> addExternalSigner(index, step);
      case "externalSignerProposal" -> externalSignerProposal(index, step);
      default -> throw new ScriptFailure("unknown action '" + action + "'");
    }
  }

  // --- Becoming a member ---

  private void createGroup(JsonNode step) throws ScriptFailure {
    String actor = step.path("actor").asText();
    groupId = randomBytes(16);
    stateOf.put(
        actor,
        stub(actor)
            .createGroup(
                CreateGroupRequest.newBuilder()
                    .setGroupId(groupId)
                    .setCipherSuite(suite)
                    .setEncryptHandshake(encryptHandshake)
                    .setIdentity(identity(actor))
                    .build())
            .getStateId());
    synced = new LinkedHashSet<>(List.of(actor));
    List<String> members = Steps.names(step.path("members"));
    if (members.isEmpty()) {
      return;
    }
    CommitRequest.Builder commit = CommitRequest.newBuilder().setStateId(state(actor));
    for (String member : members) {
      commit.addByValue(
          ProposalDescription.newBuilder()
              .setProposalType(ByteString.copyFromUtf8("add"))
              .setKeyPackage(newKeyPackage(member, suite).getKeyPackage()));
    }
    CommitResponse response = stub(actor).commit(commit.build());
    handlePending(actor);
    for (String member : members) {
      join(member, response.getWelcome(), ByteString.EMPTY);
    }
    synced.addAll(members);
    verifyAgreement();
  }

  private void createKeyPackage(int index, String actor) {
    messages.put(index, newKeyPackage(actor, suite).getKeyPackage());
  }

  private CreateKeyPackageResponse newKeyPackage(String actor, int cipherSuite) {
    CreateKeyPackageResponse response =
        stub(actor)
            .createKeyPackage(
                CreateKeyPackageRequest.newBuilder()
                    .setCipherSuite(cipherSuite)
                    .setIdentity(identity(actor))
                    .build());
    transactionOf.put(actor, response.getTransactionId());
    return response;
  }

  private void join(String actor, ByteString welcome, ByteString tree) throws ScriptFailure {
    Integer transaction = transactionOf.get(actor);
    if (transaction == null) {
      throw new ScriptFailure(actor + " has no KeyPackage to join with");
    }
    stateOf.put(
        actor,
        stub(actor)
            .joinGroup(
                JoinGroupRequest.newBuilder()
                    .setTransactionId(transaction)
                    .setWelcome(welcome)
                    .setEncryptHandshake(encryptHandshake)
                    .setIdentity(identity(actor))
                    .setRatchetTree(tree)
                    .build())
            .getStateId());
  }

  private void externalJoin(JsonNode step) throws ScriptFailure {
    String actor = step.path("actor").asText();
    String joiner = step.path("joiner").asText();
    boolean externalTree = Steps.flag(step, "externalTree", "external_tree");
    GroupInfoResponse info = groupInfo(actor, externalTree);
    ExternalJoinRequest.Builder request =
        ExternalJoinRequest.newBuilder()
            .setGroupInfo(info.getGroupInfo())
            .setRatchetTree(info.getRatchetTree())
            .setEncryptHandshake(encryptHandshake)
            .setIdentity(identity(joiner))
            .setRemovePrior(step.path("removePrior").asBoolean(false));
    for (JsonNode psk : step.path("psks")) {
      request.addPsks(psk(psk.asInt()));
    }
    ExternalJoinResponse joined = stub(joiner).externalJoin(request.build());
    stateOf.put(joiner, joined.getStateId());
    List<String> members = new ArrayList<>(List.of(actor));
    members.addAll(Steps.names(step.path("members")));
    for (String member : members) {
      handleCommit(member, List.of(), joined.getCommit());
    }
    synced = new LinkedHashSet<>(members);
    synced.add(joiner);
    verifyAgreement();
  }

  // --- Proposals and Commits ---

  @FunctionalInterface
  private interface ProposalCall {
    ByteString call(MLSClientBlockingStub stub) throws ScriptFailure;
  }

  private void proposal(int index, JsonNode step, ProposalCall call) throws ScriptFailure {
    messages.put(index, call.call(stub(step.path("actor").asText())));
  }

  private void installExternalPsk(int index, JsonNode step) throws ScriptFailure {
    PreSharedKey psk =
        PreSharedKey.newBuilder().setPskId(randomBytes(16)).setPskSecret(randomBytes(32)).build();
    psks.put(index, psk);
    for (String client : Steps.names(step.path("clients"))) {
      Integer id = stateOf.containsKey(client) ? stateOf.get(client) : transactionOf.get(client);
      if (id == null) {
        throw new ScriptFailure(client + " has neither a state nor a KeyPackage for a PSK");
      }
      stub(client)
          .storePSK(
              StorePSKRequest.newBuilder()
                  .setStateOrTransactionId(id)
                  .setPskId(psk.getPskId())
                  .setPskSecret(psk.getPskSecret())
                  .build());
    }
  }

  private void fullCommit(JsonNode step) throws ScriptFailure {
    String actor = step.path("actor").asText();
    boolean externalTree = Steps.flag(step, "external_tree", "externalTree");
    List<ByteString> byReference = new ArrayList<>();
    for (JsonNode index : step.path("byReference")) {
      byReference.add(message(index.asInt()));
    }
    CommitRequest.Builder request =
        CommitRequest.newBuilder()
            .setStateId(state(actor))
            .addAllByReference(byReference)
            .setForcePath(Steps.flag(step, "force_path", "forcePath"))
            .setExternalTree(externalTree);
    for (JsonNode description : step.path("byValue")) {
      request.addByValue(description(description));
    }
    CommitResponse response = stub(actor).commit(request.build());
    handlePending(actor);
    List<String> members = Steps.names(step.path("members"));
    for (String member : members) {
      handleCommit(member, byReference, response.getCommit());
    }
    List<String> joiners = Steps.names(step.path("joiners"));
    for (String joiner : joiners) {
      join(joiner, response.getWelcome(), response.getRatchetTree());
    }
    synced = new LinkedHashSet<>(List.of(actor));
    synced.addAll(members);
    synced.addAll(joiners);
    verifyAgreement();
  }

  private void handlePending(String actor) {
    int next =
        stub(actor)
            .handlePendingCommit(
                HandlePendingCommitRequest.newBuilder().setStateId(state(actor)).build())
            .getStateId();
    stateOf.put(actor, next);
  }

  private void handleCommit(String actor, List<ByteString> proposals, ByteString commit) {
    int next =
        stub(actor)
            .handleCommit(
                HandleCommitRequest.newBuilder()
                    .setStateId(state(actor))
                    .addAllProposal(proposals)
                    .setCommit(commit)
                    .build())
            .getStateId();
    stateOf.put(actor, next);
  }

  private ProposalDescription description(JsonNode description) throws ScriptFailure {
    String type = description.path("proposalType").asText();
    ProposalDescription.Builder out =
        ProposalDescription.newBuilder().setProposalType(ByteString.copyFromUtf8(type));
    switch (type) {
      case "add" -> out.setKeyPackage(message(description, "keyPackage"));
      case "remove" -> out.setRemovedId(identity(description.path("removed").asText()));
      case "externalPSK" -> out.setPskId(psk(description.path("pskID").asInt()).getPskId());
      case "resumptionPSK" -> out.setEpochId(description.path("epochID").asLong());
      case "groupContextExtensions" ->
          out.addAllExtensions(Steps.extensions(description.path("extensions")));
      case "reinit" -> {
        out.setGroupId(description.path("changeGroupID").asBoolean() ? randomBytes(16) : groupId);
        out.setCipherSuite(description.path("changeCipherSuite").asBoolean() ? otherSuite : suite);
        out.addAllExtensions(Steps.extensions(description.path("extensions")));
      }
      default -> throw new ScriptFailure("unknown proposalType '" + type + "'");
    }
    return out.build();
  }

  // --- Application messages ---

  private void protect(int index, JsonNode step) {
    String actor = step.path("actor").asText();
    ProtectRequest request =
        ProtectRequest.newBuilder()
            .setStateId(state(actor))
            .setAuthenticatedData(ByteString.copyFromUtf8(step.path("authenticatedData").asText()))
            .setPlaintext(ByteString.copyFromUtf8(step.path("plaintext").asText()))
            .build();
    messages.put(index, stub(actor).protect(request).getCiphertext());
    protectedRequests.put(index, request);
  }

  private void unprotect(JsonNode step) throws ScriptFailure {
    String actor = step.path("actor").asText();
    int index = step.path("ciphertext").asInt();
    ProtectRequest sent = protectedRequests.get(index);
    if (sent == null) {
      throw new ScriptFailure("step " + index + " protected nothing");
    }
    expectRead(actor, messages.get(index), sent);
  }

  private void expectRead(String actor, ByteString ciphertext, ProtectRequest sent)
      throws ScriptFailure {
    UnprotectResponse read =
        stub(actor)
            .unprotect(
                UnprotectRequest.newBuilder()
                    .setStateId(state(actor))
                    .setCiphertext(ciphertext)
                    .build());
    if (!read.getPlaintext().equals(sent.getPlaintext())
        || !read.getAuthenticatedData().equals(sent.getAuthenticatedData())) {
      throw new ScriptFailure(actor + " read another message than was protected");
    }
  }

  /** RFC 9420 §15 by way of the scenario doc: each member's message is read by all others. */
  private void verifyMessagesBetweenMembers() throws ScriptFailure {
    for (String sender : synced) {
      ProtectRequest request =
          ProtectRequest.newBuilder()
              .setStateId(state(sender))
              .setAuthenticatedData(ByteString.copyFromUtf8("check"))
              .setPlaintext(ByteString.copyFromUtf8("from " + sender))
              .build();
      ByteString ciphertext = stub(sender).protect(request).getCiphertext();
      for (String reader : synced) {
        if (!reader.equals(sender)) {
          expectRead(reader, ciphertext, request);
        }
      }
    }
  }

  // --- Subgroups ---

  private void branch(JsonNode step) throws ScriptFailure {
    String actor = step.path("actor").asText();
    List<String> members = Steps.names(step.path("members"));
    boolean externalTree = Steps.flag(step, "externalTree", "external_tree");
    CreateBranchRequest.Builder request =
        CreateBranchRequest.newBuilder()
            .setStateId(state(actor))
            .setGroupId(randomBytes(16))
            .addAllExtensions(Steps.extensions(step.path("extensions")))
            .setForcePath(Steps.flag(step, "forcePath", "force_path"))
            .setExternalTree(externalTree);
    for (String member : members) {
      request.addKeyPackages(newKeyPackage(member, suite).getKeyPackage());
    }
    CreateSubgroupResponse branched = stub(actor).createBranch(request.build());
    stateOf.put(actor, branched.getStateId());
    for (String member : members) {
      int next =
          stub(member)
              .handleBranch(
                  HandleBranchRequest.newBuilder()
                      .setStateId(state(member))
                      .setTransactionId(transactionOf.get(member))
                      .setWelcome(branched.getWelcome())
                      .setRatchetTree(branched.getRatchetTree())
                      .build())
              .getStateId();
      stateOf.put(member, next);
    }
    synced = new LinkedHashSet<>(List.of(actor));
    synced.addAll(members);
    verifyAgreement();
  }

  private void reinit(JsonNode step) throws ScriptFailure {
    String committer = step.path("committer").asText();
    String welcomer = step.path("welcomer").asText();
    boolean externalTree = Steps.flag(step, "externalTree", "external_tree");
    boolean forcePath = Steps.flag(step, "forcePath", "force_path");
    ByteString proposal;
    int newSuite;
    Set<String> participants = new LinkedHashSet<>();
    if (step.hasNonNull("externalReinitProposal")) {
      int index = step.path("externalReinitProposal").asInt();
      proposal = message(index);
      newSuite = reinitSuiteOf.getOrDefault(index, suite);
    } else {
      String proposer = step.path("proposer").asText();
      newSuite = step.path("changeCiphersuite").asBoolean() ? otherSuite : suite;
      proposal =
          stub(proposer)
              .reInitProposal(
                  ReInitProposalRequest.newBuilder()
                      .setStateId(state(proposer))
                      .setCipherSuite(newSuite)
                      .setGroupId(
                          step.path("changeGroupID").asBoolean() ? randomBytes(16) : groupId)
                      .addAllExtensions(Steps.extensions(step.path("extensions")))
                      .build())
              .getProposal();
      participants.add(proposer);
    }
    participants.add(welcomer);
    participants.addAll(Steps.names(step.path("members")));
    participants.remove(committer);

    CommitResponse commit =
        stub(committer)
            .reInitCommit(
                CommitRequest.newBuilder()
                    .setStateId(state(committer))
                    .addByReference(proposal)
                    .setForcePath(forcePath)
                    .setExternalTree(externalTree)
                    .build());
    Map<String, HandleReInitCommitResponse> reinits = new HashMap<>();
    reinits.put(
        committer,
        stub(committer)
            .handlePendingReInitCommit(
                HandlePendingCommitRequest.newBuilder().setStateId(state(committer)).build()));
    for (String member : participants) {
      reinits.put(
          member,
          stub(member)
              .handleReInitCommit(
                  HandleCommitRequest.newBuilder()
                      .setStateId(state(member))
                      .addProposal(proposal)
                      .setCommit(commit.getCommit())
                      .build()));
    }
    expectEqual(
        "epoch authenticator after the ReInit Commit", reinits, r -> r.getEpochAuthenticator());

    participants.add(committer);
    ReInitWelcomeRequest.Builder welcome =
        ReInitWelcomeRequest.newBuilder()
            .setReinitId(reinits.get(welcomer).getReinitId())
            .setForcePath(forcePath)
            .setExternalTree(externalTree);
    for (String member : participants) {
      if (!member.equals(welcomer)) {
        welcome.addKeyPackage(reinits.get(member).getKeyPackage());
      }
    }
    CreateSubgroupResponse created = stub(welcomer).reInitWelcome(welcome.build());
    stateOf.put(welcomer, created.getStateId());
    for (String member : participants) {
      if (!member.equals(welcomer)) {
        int next =
            stub(member)
                .handleReInitWelcome(
                    HandleReInitWelcomeRequest.newBuilder()
                        .setReinitId(reinits.get(member).getReinitId())
                        .setWelcome(created.getWelcome())
                        .setRatchetTree(created.getRatchetTree())
                        .build())
                .getStateId();
        stateOf.put(member, next);
      }
    }
    suite = newSuite;
    synced = participants;
    verifyAgreement();
  }

  // --- Proposals from outside ---

  private void newMemberAddProposal(int index, JsonNode step) {
    String joiner = step.path("joiner").asText();
    GroupInfoResponse info = groupInfo(step.path("actor").asText(), false);
    NewMemberAddProposalResponse response =
        stub(joiner)
            .newMemberAddProposal(
                NewMemberAddProposalRequest.newBuilder()
                    .setGroupInfo(info.getGroupInfo())
                    .setIdentity(identity(joiner))
                    .build());
    transactionOf.put(joiner, response.getTransactionId());
    messages.put(index, response.getProposal());
  }

  private void addExternalSigner(int index, JsonNode step) {
    String actor = step.path("actor").asText();
    String signer = step.path("signer").asText();
    CreateExternalSignerResponse created =
        stub(signer)
            .createExternalSigner(
                CreateExternalSignerRequest.newBuilder()
                    .setCipherSuite(suite)
                    .setIdentity(identity(signer))
                    .build());
    signerOf.put(signer, created.getSignerId());
    signerIndexOf.put(signer, signerIndexOf.size());
    messages.put(
        index,
        stub(actor)
            .addExternalSigner(
                AddExternalSignerRequest.newBuilder()
                    .setStateId(state(actor))
                    .setExternalSender(created.getExternalSender())
                    .build())
            .getProposal());
  }

  private void externalSignerProposal(int index, JsonNode step) throws ScriptFailure {
    String signer = step.path("actor").asText();
    GroupInfoResponse info = groupInfo(step.path("member").asText(), false);
    ProposalDescription description = description(step.path("description"));
    if (description.getProposalType().toStringUtf8().equals("reinit")) {
      reinitSuiteOf.put(index, description.getCipherSuite());
    }
    Integer signerId = signerOf.get(signer);
    if (signerId == null) {
      throw new ScriptFailure(signer + " was never added as an external signer");
    }
    messages.put(
        index,
        stub(signer)
            .externalSignerProposal(
                ExternalSignerProposalRequest.newBuilder()
                    .setSignerId(signerId)
                    .setSignerIndex(signerIndexOf.get(signer))
                    .setGroupInfo(info.getGroupInfo())
                    .setRatchetTree(info.getRatchetTree())
                    .setDescription(description)
                    .build())
            .getProposal());
  }

  // --- Checks ---

  /** RFC 9420 §8.7, §8.5: every member that took part has the same epoch. */
  private void verifyAgreement() throws ScriptFailure {
    ByteString context = randomBytes(8);
    Map<String, ByteString> auths = new HashMap<>();
    Map<String, ByteString> exports = new HashMap<>();
    for (String actor : synced) {
      auths.put(
          actor,
          stub(actor)
              .stateAuth(StateAuthRequest.newBuilder().setStateId(state(actor)).build())
              .getStateAuthSecret());
      exports.put(
          actor,
          stub(actor)
              .export(
                  ExportRequest.newBuilder()
                      .setStateId(state(actor))
                      .setLabel("mlsmesh interop")
                      .setContext(context)
                      .setKeyLength(32)
                      .build())
              .getExportedSecret());
    }
    expectEqual("state auth", auths, v -> v);
    expectEqual("exported secret", exports, v -> v);
  }

  private static <T> void expectEqual(
      String what, Map<String, T> byActor, java.util.function.Function<T, ByteString> value)
      throws ScriptFailure {
    ByteString first = null;
    String firstActor = null;
    for (Map.Entry<String, T> entry : byActor.entrySet()) {
      ByteString v = value.apply(entry.getValue());
      if (first == null) {
        first = v;
        firstActor = entry.getKey();
      } else if (!first.equals(v)) {
        throw new ScriptFailure(what + " differs between " + firstActor + " and " + entry.getKey());
      }
    }
  }

  // --- Lookups ---

  private GroupInfoResponse groupInfo(String actor, boolean externalTree) {
    return stub(actor)
        .groupInfo(
            GroupInfoRequest.newBuilder()
                .setStateId(state(actor))
                .setExternalTree(externalTree)
                .build());
  }

  private MLSClientBlockingStub stub(String actor) {
    ClientEndpoint client = clients.get(actor);
    if (client == null) {
      throw new IllegalArgumentException("no client assigned to " + actor);
    }
    lastClient = client.name() + " as " + actor;
    return client.stub();
  }

  private int state(String actor) {
    Integer id = stateOf.get(actor);
    if (id == null) {
      throw new IllegalArgumentException(actor + " is in no group");
    }
    return id;
  }

  private ByteString message(JsonNode step, String field) throws ScriptFailure {
    return message(step.path(field).asInt());
  }

  private ByteString message(int index) throws ScriptFailure {
    ByteString message = messages.get(index);
    if (message == null) {
      throw new ScriptFailure("step " + index + " produced no message");
    }
    return message;
  }

  private PreSharedKey psk(int index) throws ScriptFailure {
    PreSharedKey psk = psks.get(index);
    if (psk == null) {
      throw new ScriptFailure("step " + index + " installed no PSK");
    }
    return psk;
  }

  private static ByteString identity(String actor) {
    return ByteString.copyFrom(actor, StandardCharsets.UTF_8);
  }

  private ByteString randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }
}
