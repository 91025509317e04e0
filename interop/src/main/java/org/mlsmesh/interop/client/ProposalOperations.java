package org.mlsmesh.interop.client;

import java.util.ArrayList;
import java.util.List;
import mls_client.MlsClient.AddExternalSignerRequest;
import mls_client.MlsClient.AddProposalRequest;
import mls_client.MlsClient.CreateExternalSignerRequest;
import mls_client.MlsClient.CreateExternalSignerResponse;
import mls_client.MlsClient.ExternalPSKProposalRequest;
import mls_client.MlsClient.ExternalSignerProposalRequest;
import mls_client.MlsClient.GroupContextExtensionsProposalRequest;
import mls_client.MlsClient.NewMemberAddProposalRequest;
import mls_client.MlsClient.NewMemberAddProposalResponse;
import mls_client.MlsClient.ProposalResponse;
import mls_client.MlsClient.ReInitProposalRequest;
import mls_client.MlsClient.RemoveProposalRequest;
import mls_client.MlsClient.ResumptionPSKProposalRequest;
import mls_client.MlsClient.UpdateProposalRequest;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalSender;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/** Proposals by members (RFC 9420 §12.1) and from outside the group (§12.1.8). */
final class ProposalOperations {
  private final ClientContext client;

  ProposalOperations(ClientContext client) {
    this.client = client;
  }

  /** A member's proposal, by the function that makes it from the state. */
  @FunctionalInterface
  interface Propose {
    MlsMessage from(GroupState state) throws DecodeException, ValidationException, ClientFault;
  }

  ProposalResponse propose(int stateId, Propose propose)
      throws ClientFault, DecodeException, ValidationException {
    MemberSession session = client.sessions.member(stateId);
    Bytes proposal = propose.from(session.state()).encoded();
    session.sent(proposal);
    return ProposalResponse.newBuilder().setProposal(Wire.bytes(proposal)).build();
  }

  ProposalResponse add(AddProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    MlsMessage message = Wire.message(request.getKeyPackage(), "key_package");
    var keyPackage =
        message
            .keyPackage()
            .orElseThrow(() -> new DecodeException("key_package is not a KeyPackage", 0));
    return propose(request.getStateId(), state -> state.proposeAdd(keyPackage, client.now()));
  }

  ProposalResponse update(UpdateProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    return propose(request.getStateId(), state -> state.proposeUpdate(client.now()));
  }

  ProposalResponse remove(RemoveProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    Bytes identity = Wire.bytes(request.getRemovedId());
    return propose(
        request.getStateId(),
        state ->
            state.proposeRemove(
                Wire.leafOf(state.tree().toNodes(), identity)
                    .orElseThrow(() -> ClientFault.badRequest("no member " + identity))));
  }

  ProposalResponse externalPsk(ExternalPSKProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    return propose(
        request.getStateId(), state -> state.proposeExternalPsk(Wire.bytes(request.getPskId())));
  }

  ProposalResponse resumptionPsk(ResumptionPSKProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    return propose(request.getStateId(), state -> state.proposeResumptionPsk(request.getEpochId()));
  }

  ProposalResponse groupContextExtensions(GroupContextExtensionsProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    List<Extension> extensions = Wire.extensions(request.getExtensionsList());
    return propose(request.getStateId(), state -> state.proposeGroupContextExtensions(extensions));
  }

  ProposalResponse reInit(ReInitProposalRequest request)
      throws ClientFault, DecodeException, ValidationException {
    CipherSuite suite = ClientContext.suite(request.getCipherSuite());
    return propose(
        request.getStateId(),
        state ->
            state.proposeReInit(
                Wire.bytes(request.getGroupId()),
                suite,
                Wire.extensions(request.getExtensionsList())));
  }

  /** A KeyPackage and its Add, signed by the joiner itself (sender new_member_proposal). */
  NewMemberAddProposalResponse newMemberAdd(NewMemberAddProposalRequest request)
      throws ClientFault, DecodeException {
    GroupInfo groupInfo =
        Wire.groupInfo(Wire.message(request.getGroupInfo(), "group_info"), "group_info");
    CipherSuite suite = ClientContext.suite(groupInfo.groupContext().cipherSuite());
    PendingJoin join = client.newKeyPackage(suite, Wire.bytes(request.getIdentity()));
    MlsMessage proposal =
        ExternalProposals.sign(
            suite,
            groupInfo.groupContext(),
            Sender.newMemberProposal(),
            new Add(join.keyPackage.keyPackage()),
            join.signer.privateKey());
    int id = client.sessions.add(join);
    return NewMemberAddProposalResponse.newBuilder()
        .setTransactionId(id)
        .setProposal(Wire.bytes(proposal.encoded()))
        .setInitPriv(Wire.bytes(join.keyPackage.initPrivateKey().insecureAsBytes()))
        .setEncryptionPriv(Wire.bytes(join.keyPackage.encryptionPrivateKey().insecureAsBytes()))
        .setSignaturePriv(Wire.bytes(join.signer.privateKey().insecureAsBytes()))
        .build();
  }

  CreateExternalSignerResponse createExternalSigner(CreateExternalSignerRequest request)
      throws ClientFault {
    CipherSuite suite = ClientContext.suite(request.getCipherSuite());
    SignatureKeyPair signer = suite.crypto().generateSignatureKeyPair(client.random);
    ExternalSender sender =
        new ExternalSender(
            signer.publicKey(), new BasicCredential(Wire.bytes(request.getIdentity())));
    int id = client.sessions.add(new ExternalSignerKey(suite, signer, sender));
    return CreateExternalSignerResponse.newBuilder()
        .setSignerId(id)
        .setExternalSender(Wire.bytes(sender.encoded()))
        .build();
  }

  /**
   * A GroupContextExtensions proposal that appends {@code external_sender} to the group's
   * external_senders extension (RFC 9420 §12.1.8.1), keeping every other extension.
   */
  ProposalResponse addExternalSigner(AddExternalSignerRequest request)
      throws ClientFault, DecodeException, ValidationException {
    ExternalSender added =
        TlsReader.decodeAll(Wire.bytes(request.getExternalSender()), ExternalSender::decode);
    return propose(
        request.getStateId(),
        state -> {
          List<Extension> extensions = new ArrayList<>();
          List<ExternalSender> senders = new ArrayList<>();
          for (Extension extension : state.extensions()) {
            if (extension.type() == Extension.EXTERNAL_SENDERS) {
              senders.addAll(
                  TlsReader.decodeAll(extension.data(), r -> r.vector(ExternalSender::decode)));
            } else {
              extensions.add(extension);
            }
          }
          senders.add(added);
          extensions.add(
              new Extension(Extension.EXTERNAL_SENDERS, new TlsWriter().vector(senders).toBytes()));
          return state.proposeGroupContextExtensions(extensions);
        });
  }

  /** A proposal signed by external sender {@code signer_index} of the group (§12.1.8.1). */
  ProposalResponse externalSignerProposal(ExternalSignerProposalRequest request)
      throws ClientFault, DecodeException {
    ExternalSignerKey key = client.sessions.signer(request.getSignerId());
    GroupInfo groupInfo =
        Wire.groupInfo(Wire.message(request.getGroupInfo(), "group_info"), "group_info");
    RatchetTreeNodes tree =
        Wire.tree(request.getRatchetTree()).isPresent()
            ? Wire.tree(request.getRatchetTree()).get()
            : Wire.treeOf(groupInfo);
    Proposal proposal =
        ProposalDescriptions.proposal(
            request.getDescription(), groupInfo.groupContext(), tree, client.random);
    MlsMessage message =
        ExternalProposals.sign(
            key.suite(),
            groupInfo.groupContext(),
            Sender.external(request.getSignerIndex()),
            proposal,
            key.signer().privateKey());
    return ProposalResponse.newBuilder().setProposal(Wire.bytes(message.encoded())).build();
  }
}
