package org.mlsmesh.node.internal.directory;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The messages of the KeyPackage directory, in the TLS presentation language of RFC 9420 §2.1:
 *
 * <pre>
 * enum { announcement(1), tombstone(2), fetch_request(3), fetch_response(4) } DirectoryType;
 * struct { opaque owner_key&lt;V&gt;; opaque key_package&lt;V&gt;; uint64 published_at;
 *          opaque signature&lt;V&gt;; } Announcement;
 * struct { opaque signer_key&lt;V&gt;; opaque identity&lt;V&gt;; opaque ref&lt;V&gt;; uint64 claimed_at;
 *          opaque signature&lt;V&gt;; } Tombstone;
 * struct { uint64 request_id; opaque identity&lt;V&gt;; opaque requester&lt;V&gt;; } FetchRequest;
 * struct { uint64 request_id; Announcement announcement; } FetchResponse;
 * </pre>
 *
 * Keys are raw Ed25519 gossip keys; signatures are SignWithLabel (RFC 9420 §5.1.2) over the struct
 * without its signature.
 */
sealed interface DirectoryMessage {
  /** Bounds checked before anything is allocated. */
  int MAX_KEY = 32;

  int MAX_SIGNATURE = 64;
  int MAX_ID = 64;
  int MAX_KEY_PACKAGE = 64 * 1024;

  void encode(TlsWriter w);

  default Bytes encoded() {
    TlsWriter w = new TlsWriter();
    encode(w);
    return w.toBytes();
  }

  /** An owner's signed KeyPackage. */
  record Announcement(Bytes ownerKey, Bytes keyPackage, long publishedAtMillis, Bytes signature)
      implements DirectoryMessage {
    public Announcement {
      Objects.requireNonNull(ownerKey, "ownerKey");
      Objects.requireNonNull(keyPackage, "keyPackage");
      Objects.requireNonNull(signature, "signature");
    }

    Bytes tbs() {
      return new TlsWriter().vlBytes(ownerKey).vlBytes(keyPackage).u64(publishedAtMillis).toBytes();
    }

    @Override
    public void encode(TlsWriter w) {
      w.u8(1);
      body(w);
    }

    void body(TlsWriter w) {
      w.vlBytes(ownerKey).vlBytes(keyPackage).u64(publishedAtMillis).vlBytes(signature);
    }

    static Announcement decodeBody(TlsReader r) throws DecodeException {
      return new Announcement(
          bounded(r, MAX_KEY, "owner_key"),
          bounded(r, MAX_KEY_PACKAGE, "key_package"),
          r.u64(),
          bounded(r, MAX_SIGNATURE, "signature"));
    }
  }

  /** A KeyPackage was handed out (or consumed): nobody may hand it out again. */
  record Tombstone(
      Bytes signerKey, Bytes identity, Bytes ref, long claimedAtMillis, Bytes signature)
      implements DirectoryMessage {
    public Tombstone {
      Objects.requireNonNull(signerKey, "signerKey");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(signature, "signature");
    }

    Bytes tbs() {
      return new TlsWriter()
          .vlBytes(signerKey)
          .vlBytes(identity)
          .vlBytes(ref)
          .u64(claimedAtMillis)
          .toBytes();
    }

    @Override
    public void encode(TlsWriter w) {
      w.u8(2).vlBytes(signerKey).vlBytes(identity).vlBytes(ref).u64(claimedAtMillis);
      w.vlBytes(signature);
    }
  }

  /** Asks any holder for a KeyPackage of {@code identity}; answered to {@code requester}. */
  record FetchRequest(long requestId, Bytes identity, Bytes requester) implements DirectoryMessage {
    public FetchRequest {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(requester, "requester");
    }

    @Override
    public void encode(TlsWriter w) {
      w.u8(3).u64(requestId).vlBytes(identity).vlBytes(requester);
    }
  }

  /** The answer to a {@link FetchRequest}, sent directly to the requester. */
  record FetchResponse(long requestId, Announcement announcement) implements DirectoryMessage {
    public FetchResponse {
      Objects.requireNonNull(announcement, "announcement");
    }

    @Override
    public void encode(TlsWriter w) {
      w.u8(4).u64(requestId);
      announcement.body(w);
    }
  }

  /** Decodes one message; the whole input must be consumed. */
  static DirectoryMessage decode(Bytes input) throws DirectoryException {
    try {
      return TlsReader.decodeAll(input, DirectoryMessage::decode);
    } catch (DecodeException e) {
      throw new DirectoryException(DirectoryCode.MALFORMED, e.getMessage());
    }
  }

  private static DirectoryMessage decode(TlsReader r) throws DecodeException {
    int type = r.u8();
    switch (type) {
      case 1:
        return Announcement.decodeBody(r);
      case 2:
        return new Tombstone(
            bounded(r, MAX_KEY, "signer_key"),
            bounded(r, MAX_ID, "identity"),
            bounded(r, MAX_ID, "ref"),
            r.u64(),
            bounded(r, MAX_SIGNATURE, "signature"));
      case 3:
        return new FetchRequest(
            r.u64(), bounded(r, MAX_ID, "identity"), bounded(r, MAX_ID, "requester"));
      case 4:
        return new FetchResponse(r.u64(), Announcement.decodeBody(r));
      default:
        throw r.error("unknown directory message type " + type);
    }
  }

  private static Bytes bounded(TlsReader r, int max, String field) throws DecodeException {
    int at = r.offset();
    Bytes value = r.vlBytes();
    if (value.length() > max) {
      throw new DecodeException(field + " of " + value.length() + " bytes, at most " + max, at);
    }
    return value;
  }
}
