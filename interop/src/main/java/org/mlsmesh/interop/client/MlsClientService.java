package org.mlsmesh.interop.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.function.LongSupplier;
import mls_client.MLSClientGrpc;
import mls_client.MlsClient.AddExternalSignerRequest;
import mls_client.MlsClient.AddProposalRequest;
import mls_client.MlsClient.CommitRequest;
import mls_client.MlsClient.CommitResponse;
import mls_client.MlsClient.CreateBranchRequest;
import mls_client.MlsClient.CreateExternalSignerRequest;
import mls_client.MlsClient.CreateExternalSignerResponse;
import mls_client.MlsClient.CreateGroupRequest;
import mls_client.MlsClient.CreateGroupResponse;
import mls_client.MlsClient.CreateKeyPackageRequest;
import mls_client.MlsClient.CreateKeyPackageResponse;
import mls_client.MlsClient.CreateSubgroupResponse;
import mls_client.MlsClient.ExportRequest;
import mls_client.MlsClient.ExportResponse;
import mls_client.MlsClient.ExternalJoinRequest;
import mls_client.MlsClient.ExternalJoinResponse;
import mls_client.MlsClient.ExternalPSKProposalRequest;
import mls_client.MlsClient.ExternalSignerProposalRequest;
import mls_client.MlsClient.FreeRequest;
import mls_client.MlsClient.FreeResponse;
import mls_client.MlsClient.GroupContextExtensionsProposalRequest;
import mls_client.MlsClient.GroupInfoRequest;
import mls_client.MlsClient.GroupInfoResponse;
import mls_client.MlsClient.HandleBranchRequest;
import mls_client.MlsClient.HandleBranchResponse;
import mls_client.MlsClient.HandleCommitRequest;
import mls_client.MlsClient.HandleCommitResponse;
import mls_client.MlsClient.HandlePendingCommitRequest;
import mls_client.MlsClient.HandleReInitCommitResponse;
import mls_client.MlsClient.HandleReInitWelcomeRequest;
import mls_client.MlsClient.JoinGroupRequest;
import mls_client.MlsClient.JoinGroupResponse;
import mls_client.MlsClient.NameRequest;
import mls_client.MlsClient.NameResponse;
import mls_client.MlsClient.NewMemberAddProposalRequest;
import mls_client.MlsClient.NewMemberAddProposalResponse;
import mls_client.MlsClient.ProposalResponse;
import mls_client.MlsClient.ProtectRequest;
import mls_client.MlsClient.ProtectResponse;
import mls_client.MlsClient.ReInitProposalRequest;
import mls_client.MlsClient.ReInitWelcomeRequest;
import mls_client.MlsClient.RemoveProposalRequest;
import mls_client.MlsClient.ResumptionPSKProposalRequest;
import mls_client.MlsClient.StateAuthRequest;
import mls_client.MlsClient.StateAuthResponse;
import mls_client.MlsClient.StorePSKRequest;
import mls_client.MlsClient.StorePSKResponse;
import mls_client.MlsClient.SupportedCiphersuitesRequest;
import mls_client.MlsClient.SupportedCiphersuitesResponse;
import mls_client.MlsClient.UnprotectRequest;
import mls_client.MlsClient.UnprotectResponse;
import mls_client.MlsClient.UpdateProposalRequest;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.group.ValidationException;

/**
 * The MLS working group's interop client (service {@code MLSClient} of {@code mls_client.proto})
 * over this library. Calls are served one at a time; bad input is answered with a gRPC status that
 * says what was wrong (INVALID_ARGUMENT for bytes that do not decode, FAILED_PRECONDITION for a
 * message that breaks a rule of RFC 9420, with its validation code), never by a crash.
 */
public final class MlsClientService extends MLSClientGrpc.MLSClientImplBase {
  /** The name this client reports. */
  public static final String NAME = "MLS Mesh";

  private final GroupOperations groups;
  private final ProposalOperations proposals;
  private final CommitOperations commits;
  private final ResumptionOperations resumption;
  private final ClientContext client;

  public MlsClientService(EntropySource random, LongSupplier clockMillis) {
    client = new ClientContext(random, clockMillis);
    groups = new GroupOperations(client);
    proposals = new ProposalOperations(client);
    commits = new CommitOperations(client);
    resumption = new ResumptionOperations(client);
  }

  /** One RPC's work: input errors are thrown as the library's checked exceptions. */
  @FunctionalInterface
  private interface Rpc<T> {
    T run() throws ClientFault, DecodeException, ValidationException;
  }

  private synchronized <T> void serve(StreamObserver<T> observer, Rpc<T> rpc) {
    T response;
    try {
      response = rpc.run();
    } catch (ClientFault e) {
      observer.onError(e.status().asRuntimeException());
      return;
    } catch (DecodeException e) {
      observer.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (ValidationException e) {
      observer.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The library's refusals of a call that does not fit the state (RFC 9420 §12.4: no
      // application data while proposals are pending; a group after its ReInit sends nothing).
      observer.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  @Override
  public void name(NameRequest request, StreamObserver<NameResponse> observer) {
    serve(observer, () -> NameResponse.newBuilder().setName(NAME).build());
  }

  @Override
  public void supportedCiphersuites(
      SupportedCiphersuitesRequest request,
      StreamObserver<SupportedCiphersuitesResponse> observer) {
    serve(
        observer,
        () ->
            SupportedCiphersuitesResponse.newBuilder()
                .addAllCiphersuites(
                    Arrays.stream(CipherSuite.values()).map(CipherSuite::id).toList())
                .build());
  }

  @Override
  public void createGroup(CreateGroupRequest request, StreamObserver<CreateGroupResponse> o) {
    serve(o, () -> groups.createGroup(request));
  }

  @Override
  public void createKeyPackage(
      CreateKeyPackageRequest request, StreamObserver<CreateKeyPackageResponse> o) {
    serve(o, () -> groups.createKeyPackage(request));
  }

  @Override
  public void joinGroup(JoinGroupRequest request, StreamObserver<JoinGroupResponse> o) {
    serve(o, () -> groups.joinGroup(request));
  }

  @Override
  public void externalJoin(ExternalJoinRequest request, StreamObserver<ExternalJoinResponse> o) {
    serve(o, () -> groups.externalJoin(request));
  }

  @Override
  public void groupInfo(GroupInfoRequest request, StreamObserver<GroupInfoResponse> o) {
    serve(o, () -> groups.groupInfo(request));
  }

  @Override
  public void stateAuth(StateAuthRequest request, StreamObserver<StateAuthResponse> o) {
    serve(o, () -> groups.stateAuth(request));
  }

  @Override
  public void export(ExportRequest request, StreamObserver<ExportResponse> o) {
    serve(o, () -> groups.export(request));
  }

  @Override
  public void protect(ProtectRequest request, StreamObserver<ProtectResponse> o) {
    serve(o, () -> groups.protect(request));
  }

  @Override
  public void unprotect(UnprotectRequest request, StreamObserver<UnprotectResponse> o) {
    serve(o, () -> groups.unprotect(request));
  }

  @Override
  public void storePSK(StorePSKRequest request, StreamObserver<StorePSKResponse> o) {
    serve(o, () -> groups.storePsk(request));
  }

  @Override
  public void addProposal(AddProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.add(request));
  }

  @Override
  public void updateProposal(UpdateProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.update(request));
  }

  @Override
  public void removeProposal(RemoveProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.remove(request));
  }

  @Override
  public void externalPSKProposal(
      ExternalPSKProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.externalPsk(request));
  }

  @Override
  public void resumptionPSKProposal(
      ResumptionPSKProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.resumptionPsk(request));
  }

  @Override
  public void groupContextExtensionsProposal(
      GroupContextExtensionsProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.groupContextExtensions(request));
  }

  @Override
  public void commit(CommitRequest request, StreamObserver<CommitResponse> o) {
    serve(o, () -> commits.commit(request));
  }

  @Override
  public void handleCommit(HandleCommitRequest request, StreamObserver<HandleCommitResponse> o) {
    serve(o, () -> commits.handleCommit(request));
  }

  @Override
  public void handlePendingCommit(
      HandlePendingCommitRequest request, StreamObserver<HandleCommitResponse> o) {
    serve(o, () -> commits.handlePendingCommit(request));
  }

  @Override
  public void reInitProposal(ReInitProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.reInit(request));
  }

  @Override
  public void reInitCommit(CommitRequest request, StreamObserver<CommitResponse> o) {
    serve(o, () -> commits.commit(request));
  }

  @Override
  public void handlePendingReInitCommit(
      HandlePendingCommitRequest request, StreamObserver<HandleReInitCommitResponse> o) {
    serve(
        o,
        () ->
            resumption.afterReInitCommit(
                request.getStateId(), commits.handlePendingCommit(request)));
  }

  @Override
  public void handleReInitCommit(
      HandleCommitRequest request, StreamObserver<HandleReInitCommitResponse> o) {
    serve(
        o, () -> resumption.afterReInitCommit(request.getStateId(), commits.handleCommit(request)));
  }

  @Override
  public void reInitWelcome(
      ReInitWelcomeRequest request, StreamObserver<CreateSubgroupResponse> o) {
    serve(o, () -> resumption.reInitWelcome(request));
  }

  @Override
  public void handleReInitWelcome(
      HandleReInitWelcomeRequest request, StreamObserver<JoinGroupResponse> o) {
    serve(o, () -> resumption.handleReInitWelcome(request));
  }

  @Override
  public void createBranch(CreateBranchRequest request, StreamObserver<CreateSubgroupResponse> o) {
    serve(o, () -> resumption.createBranch(request));
  }

  @Override
  public void handleBranch(HandleBranchRequest request, StreamObserver<HandleBranchResponse> o) {
    serve(o, () -> resumption.handleBranch(request));
  }

  @Override
  public void newMemberAddProposal(
      NewMemberAddProposalRequest request, StreamObserver<NewMemberAddProposalResponse> o) {
    serve(o, () -> proposals.newMemberAdd(request));
  }

  @Override
  public void createExternalSigner(
      CreateExternalSignerRequest request, StreamObserver<CreateExternalSignerResponse> o) {
    serve(o, () -> proposals.createExternalSigner(request));
  }

  @Override
  public void addExternalSigner(
      AddExternalSignerRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.addExternalSigner(request));
  }

  @Override
  public void externalSignerProposal(
      ExternalSignerProposalRequest request, StreamObserver<ProposalResponse> o) {
    serve(o, () -> proposals.externalSignerProposal(request));
  }

  @Override
  public void free(FreeRequest request, StreamObserver<FreeResponse> o) {
    serve(
        o,
        () -> {
          client.sessions.free(request.getStateId());
          return FreeResponse.getDefaultInstance();
        });
  }
}
