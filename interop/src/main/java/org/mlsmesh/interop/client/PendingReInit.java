package org.mlsmesh.interop.client;

import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;

/**
 * A member of a group whose ReInit was committed (RFC 9420 §11.2), holding the KeyPackage it offers
 * for the new group: the interop protocol's {@code reinit_id}.
 */
record PendingReInit(
    MemberSession old,
    KeyPackageBundle keyPackage,
    SignatureKeyPair signer,
    Credential credential) {}
