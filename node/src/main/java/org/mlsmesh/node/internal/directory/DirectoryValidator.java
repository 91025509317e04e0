package org.mlsmesh.node.internal.directory;

import com.google.protobuf.ByteString;
import java.util.function.LongSupplier;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.Verdict;
import org.mlsmesh.protocol.codec.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossip validation hook for the directory topic: a message that breaks a {@link DirectoryCode}
 * rule is rejected before it is forwarded (and its sender penalized). Other topics pass.
 */
public final class DirectoryValidator implements Validator {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryValidator.class);
  private final String topic;
  private final DirectoryRules rules;
  private final LongSupplier clock;

  public DirectoryValidator(String topic, DirectoryRules rules, LongSupplier clock) {
    this.topic = topic;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public Verdict validate(String topic, MessageId id, ByteString payload, PeerId from) {
    if (!this.topic.equals(topic)) {
      return Verdict.ACCEPT;
    }
    try {
      rules.check(Bytes.wrap(payload.toByteArray()), clock.getAsLong());
      return Verdict.ACCEPT;
    } catch (DirectoryException e) {
      LOG.debug("rejected directory message {} from {}: {}", id, from, e.getMessage());
      return Verdict.REJECT;
    }
  }
}
