package org.mlsmesh.gossip.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlsmesh.gossip.PeerId;
import org.slf4j.LoggerFactory;

/**
 * A stranger that sends anything but TLS to a node's port is refused, and what it sent reaches the
 * logs as a short escaped prefix at most, even at DEBUG (Netty's own loggers included): it can
 * neither flood the log nor write terminal control sequences into it.
 */
@Timeout(60)
class RefusedHandshakeLogTest {
  private static final String MARKER = "STRANGER-MARKER";

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
  private final Level rootLevel = root.getLevel();
  private final Level nettyLevel = netty.getLevel();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private NettyLinks links;

  @BeforeEach
  void captureEverything() {
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.ALL);
    netty.setLevel(Level.ALL);
  }

  @AfterEach
  void restore() {
    if (links != null) {
      links.close();
    }
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    netty.setLevel(nettyLevel);
  }

  @Test
  void aRefusedHandshakeLogsOnlyAShortEscapedPrefix() throws Exception {
    links =
        NettyLinks.start(
            NodeIdentity.generate(new SecureRandom()), "127.0.0.1", 0, 1 << 16, 30_000, ignore());
    String[] hostPort = links.self().address().split(":");
    // Not TLS: an HTTP-looking line, a terminal escape that clears the screen, 4 KiB of filler.
    String sent = "GET / HTTP/1.1\r\n\u001b[2J\u001b[31m" + "A".repeat(4096) + MARKER + "\r\n";
    try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      OutputStream out = socket.getOutputStream();
      out.write(sent.getBytes(US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> links.refusedHandshakes() > 0);
    }

    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      lines.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        lines.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    assertThat(lines)
        .as("the refusal is logged (DEBUG), naming the reason")
        .anySatisfy(line -> assertThat(line).contains("TLS handshake", "NotSslRecordException"));
    String markerHex = HexFormat.of().formatHex(MARKER.getBytes(US_ASCII));
    String fillerHex = "41".repeat(PeerText.MAX_CHARS);
    for (String line : lines) {
      assertThat(line)
          .doesNotContain(MARKER)
          .doesNotContainIgnoringCase(markerHex)
          .doesNotContain("A".repeat(PeerText.MAX_CHARS))
          .doesNotContainIgnoringCase(fillerHex)
          .doesNotContain("\u001b", "\r");
    }
  }

  @Test
  void thePrefixIsShortAndEscaped() {
    assertThat(PeerText.prefix("ok \\ \u001b[2J\u00e9\u2603"))
        .isEqualTo("ok \\\\ \\x1b[2J\\xe9\\x{2603}");
    assertThat(PeerText.prefix("x".repeat(1000)))
        .isEqualTo(
            "x".repeat(PeerText.MAX_CHARS) + "...(+" + (1000 - PeerText.MAX_CHARS) + " chars)");
    assertThat(PeerText.describe(new IllegalArgumentException("bad\nline")))
        .isEqualTo("IllegalArgumentException: bad\\x0aline");
    assertThat(PeerText.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  private static NettyLinks.Listener ignore() {
    return new NettyLinks.Listener() {
      @Override
      public void linkUp(PeerId peer) {}

      @Override
      public void linkDown(PeerId peer) {}

      @Override
      public void frame(PeerId from, ByteString frame) {}

      @Override
      public void oversizedFrame(PeerId from) {}
    };
  }
}
