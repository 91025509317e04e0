package org.mlsmesh.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;
import mls_client.MlsClient.CommitRequest;
import mls_client.MlsClient.CreateGroupRequest;
import mls_client.MlsClient.CreateGroupResponse;
import mls_client.MlsClient.CreateKeyPackageRequest;
import mls_client.MlsClient.HandleCommitRequest;
import mls_client.MlsClient.JoinGroupRequest;
import mls_client.MlsClient.ProposalDescription;
import mls_client.MlsClient.ProtectRequest;
import mls_client.MlsClient.StateAuthRequest;
import mls_client.MlsClient.UpdateProposalRequest;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.SeededEntropySource;

/** Bad requests get a gRPC status that says what was wrong, never a crash. */
class MlsClientServiceTest {
  private static final long NOW = 1_700_000_000_000L;

  private final MlsClientService service =
      new MlsClientService(new SeededEntropySource(5), () -> NOW);

  /** The response, or the error status, of one call. */
  private static final class Result<T> implements StreamObserver<T> {
    T value;
    Status status;

    @Override
    public void onNext(T value) {
      this.value = value;
    }

    @Override
    public void onError(Throwable t) {
      status = Status.fromThrowable(t);
    }

    @Override
    public void onCompleted() {}
  }

  private static <Q, R> Result<R> call(BiConsumer<Q, StreamObserver<R>> rpc, Q request) {
    Result<R> result = new Result<>();
    rpc.accept(request, result);
    return result;
  }

  private int createGroup() {
    Result<CreateGroupResponse> created =
        call(
            service::createGroup,
            CreateGroupRequest.newBuilder()
                .setGroupId(ByteString.copyFromUtf8("g"))
                .setCipherSuite(1)
                .setIdentity(ByteString.copyFromUtf8("alice"))
                .build());
    assertThat(created.status).isNull();
    return created.value.getStateId();
  }

  @Test
  void unknownIdsAreNotFound() {
    var result = call(service::stateAuth, StateAuthRequest.newBuilder().setStateId(42).build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(result.status.getDescription()).contains("42");
  }

  @Test
  void unknownSuitesAreUnimplemented() {
    var result =
        call(
            service::createKeyPackage,
            CreateKeyPackageRequest.newBuilder().setCipherSuite(0x0a0a).build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(result.status.getDescription()).contains("0x0a0a");
  }

  @Test
  void bytesThatDoNotDecodeAreInvalidArguments() {
    int transaction =
        call(
                service::createKeyPackage,
                CreateKeyPackageRequest.newBuilder()
                    .setCipherSuite(1)
                    .setIdentity(ByteString.copyFromUtf8("bob"))
                    .build())
            .value
            .getTransactionId();
    var result =
        call(
            service::joinGroup,
            JoinGroupRequest.newBuilder()
                .setTransactionId(transaction)
                .setWelcome(ByteString.copyFrom(new byte[] {0, 1, 0, 3, 7}))
                .build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aMessageThatBreaksARuleIsAFailedPrecondition() {
    int alice = createGroup();
    var commit = call(service::commit, CommitRequest.newBuilder().setStateId(alice).build()).value;
    int other = createGroup();
    // A Commit of another group (same group id, other keys) does not verify.
    var result =
        call(
            service::handleCommit,
            HandleCommitRequest.newBuilder()
                .setStateId(other)
                .setCommit(commit.getCommit())
                .build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(result.status.getDescription()).contains("MLS-");
  }

  @Test
  void unknownProposalTypesAndMembersAreInvalidArguments() {
    int alice = createGroup();
    var result =
        call(
            service::commit,
            CommitRequest.newBuilder()
                .setStateId(alice)
                .addByValue(
                    ProposalDescription.newBuilder()
                        .setProposalType(ByteString.copyFromUtf8("appAck")))
                .build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(result.status.getDescription()).contains("appAck");
    result =
        call(
            service::commit,
            CommitRequest.newBuilder()
                .setStateId(alice)
                .addByValue(
                    ProposalDescription.newBuilder()
                        .setProposalType(ByteString.copyFromUtf8("remove"))
                        .setRemovedId(ByteString.copyFromUtf8("nobody")))
                .build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void callsThatDoNotFitTheStateAreFailedPreconditions() {
    int alice = createGroup();
    assertThat(
            call(
                    service::updateProposal,
                    UpdateProposalRequest.newBuilder().setStateId(alice).build())
                .status)
        .isNull();
    // RFC 9420 §12.4: no application data while a proposal is pending.
    var result =
        call(
            service::protect,
            ProtectRequest.newBuilder()
                .setStateId(alice)
                .setPlaintext(ByteString.copyFromUtf8("hi"))
                .build());
    assertThat(result.status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    var pending =
        call(
            service::handlePendingCommit,
            mls_client.MlsClient.HandlePendingCommitRequest.newBuilder().setStateId(alice).build());
    assertThat(pending.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(pending.status.getDescription()).contains("no pending Commit");
  }
}
