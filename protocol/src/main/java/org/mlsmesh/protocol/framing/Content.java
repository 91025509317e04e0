package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.Proposal;

/**
 * The content selected by a content type, shared by FramedContent and PrivateMessageContent (RFC
 * 9420 §6, §6.3.1):
 *
 * <pre>
 * select (content_type) {
 *     case application: opaque application_data&lt;V&gt;;
 *     case proposal:    Proposal proposal;
 *     case commit:      Commit commit;
 * };
 * </pre>
 *
 * The content type itself is written by the enclosing struct.
 */
public sealed interface Content extends org.mlsmesh.protocol.codec.Encodable
    permits Content.ApplicationData, Content.ProposalContent, Content.CommitContent {
  ContentType contentType();

  /** Writes the selected field, without the content type. */
  void encode(TlsWriter writer);

  static Content application(Bytes data) {
    return new ApplicationData(data);
  }

  static Content proposal(Proposal proposal) {
    return new ProposalContent(proposal);
  }

  static Content commit(Commit commit) {
    return new CommitContent(commit);
  }

  /** Reads the field selected by {@code type}. */
  static Content decode(TlsReader reader, ContentType type) throws DecodeException {
    return switch (type) {
      case APPLICATION -> new ApplicationData(reader.vlBytes());
      case PROPOSAL -> new ProposalContent(Proposal.decode(reader));
      case COMMIT -> new CommitContent(Commit.decode(reader));
    };
  }

  /** {@code opaque application_data<V>}. */
  record ApplicationData(Bytes data) implements Content {
    public ApplicationData {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public ContentType contentType() {
      return ContentType.APPLICATION;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.vlBytes(data);
    }
  }

  /** {@code Proposal proposal}. */
  record ProposalContent(Proposal proposal) implements Content {
    public ProposalContent {
      Objects.requireNonNull(proposal, "proposal");
    }

    @Override
    public ContentType contentType() {
      return ContentType.PROPOSAL;
    }

    @Override
    public void encode(TlsWriter writer) {
      proposal.encode(writer);
    }
  }

  /** {@code Commit commit}. */
  record CommitContent(Commit commit) implements Content {
    public CommitContent {
      Objects.requireNonNull(commit, "commit");
    }

    @Override
    public ContentType contentType() {
      return ContentType.COMMIT;
    }

    @Override
    public void encode(TlsWriter writer) {
      commit.encode(writer);
    }
  }
}
