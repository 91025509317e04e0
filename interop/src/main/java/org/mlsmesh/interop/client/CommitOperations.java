package org.mlsmesh.interop.client;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import mls_client.MlsClient.CommitRequest;
import mls_client.MlsClient.CommitResponse;
import mls_client.MlsClient.HandleCommitRequest;
import mls_client.MlsClient.HandleCommitResponse;
import mls_client.MlsClient.HandlePendingCommitRequest;
import mls_client.MlsClient.ProposalDescription;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Proposal;

/** Creating and handling Commits (RFC 9420 §12.4), stage then merge. */
final class CommitOperations {
  private final ClientContext client;

  CommitOperations(ClientContext client) {
    this.client = client;
  }

  /**
   * A Commit of the proposals given by reference (received ones are processed first, this member's
   * own are already queued) and by value; it stays pending until HandlePendingCommit.
   */
  CommitResponse commit(CommitRequest request)
      throws ClientFault, DecodeException, ValidationException {
    MemberSession session = client.sessions.member(request.getStateId());
    receiveProposals(session, request.getByReferenceList());
    GroupState state = session.state();
    List<Proposal> byValue = new ArrayList<>();
    for (ProposalDescription description : request.getByValueList()) {
      byValue.add(
          ProposalDescriptions.proposal(
              description, state.groupContext(), state.tree().toNodes(), client.random));
    }
    boolean externalTree = request.getExternalTree();
    CommitOptions options =
        CommitOptions.defaults()
            .withProposals(byValue)
            .withForcePath(request.getForcePath())
            .withRatchetTreeInWelcome(!externalTree);
    CommitResult result = state.commit(options, client.now());
    session.pending(result);
    CommitResponse.Builder response =
        CommitResponse.newBuilder().setCommit(Wire.bytes(result.commit().encoded()));
    result.welcome().ifPresent(welcome -> response.setWelcome(Wire.bytes(welcome.encoded())));
    if (externalTree) {
      response.setRatchetTree(Wire.bytes(result.staged().tree().toNodes().encoded()));
    }
    return response.build();
  }

  HandleCommitResponse handlePendingCommit(HandlePendingCommitRequest request) throws ClientFault {
    MemberSession session = client.sessions.member(request.getStateId());
    CommitResult pending =
        session
            .takePending()
            .orElseThrow(() -> ClientFault.badRequest("no pending Commit for this state"));
    session.advance(pending.staged().merge());
    return handled(request.getStateId(), session);
  }

  /** Processes the proposals, then stages and merges the Commit (RFC 9420 §12.4.2). */
  HandleCommitResponse handleCommit(HandleCommitRequest request)
      throws ClientFault, DecodeException, ValidationException {
    MemberSession session = client.sessions.member(request.getStateId());
    receiveProposals(session, request.getProposalList());
    Processed processed =
        session.state().process(Wire.message(request.getCommit(), "commit"), client.now());
    if (!(processed instanceof Processed.CommitStaged staged)) {
      throw ClientFault.badRequest("not a Commit of this member's group: " + processed);
    }
    session.advance(staged.commit().merge());
    return handled(request.getStateId(), session);
  }

  private void receiveProposals(MemberSession session, List<ByteString> proposals)
      throws ClientFault, DecodeException, ValidationException {
    for (ByteString proposal : proposals) {
      Bytes bytes = Wire.bytes(proposal);
      if (session.isOwn(bytes)) {
        continue; // queued when this member sent it
      }
      MlsMessage message = Wire.message(proposal, "proposal");
      Processed processed = session.state().process(message, client.now());
      if (!(processed instanceof Processed.ProposalQueued)) {
        throw ClientFault.badRequest("not a proposal: " + processed);
      }
    }
  }

  private static HandleCommitResponse handled(int id, MemberSession session) {
    return HandleCommitResponse.newBuilder()
        .setStateId(id)
        .setEpochAuthenticator(Wire.bytes(session.state().epochAuthenticator()))
        .build();
  }
}
