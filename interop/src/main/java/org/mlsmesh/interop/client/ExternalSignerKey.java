package org.mlsmesh.interop.client;

import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.message.ExternalSender;

/** An external sender's key (RFC 9420 §12.1.8.1): the interop protocol's {@code signer_id}. */
record ExternalSignerKey(CipherSuite suite, SignatureKeyPair signer, ExternalSender sender) {}
