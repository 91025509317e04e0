package org.mlsmesh.gossip.netty;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any peer that presents exactly one self-signed certificate whose signature verifies under
 * its own key. Trust in the peer's identity comes after the handshake, from the key's hash compared
 * with the expected {@link org.mlsmesh.gossip.PeerId}; there are no certificate authorities and no
 * host names.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
  static final PeerTrustManager INSTANCE = new PeerTrustManager();

  private static void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length != 1) {
      throw new CertificateException("expected one self-signed certificate");
    }
    try {
      chain[0].verify(chain[0].getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException("certificate is not self-signed by its key", e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
