package org.mlsmesh.protocol.group;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mlsmesh.protocol.codec.DecodeException;

/**
 * A group member processing mutated Commits and application messages, and a joiner processing
 * mutated Welcomes ({@link FuzzGroup}). Bad input may only be refused with {@link DecodeException}
 * or {@link ValidationException}: anything else that escapes is a finding.
 */
class GroupFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void commit(byte[] input) {
    try {
      FuzzGroup.get().receive(FuzzGroup.decode(input));
    } catch (DecodeException | ValidationException e) {
      // refused cleanly
    }
  }

  @FuzzTest(maxDuration = "5s")
  void application(byte[] input) {
    try {
      FuzzGroup.get().receive(FuzzGroup.decode(input));
    } catch (DecodeException | ValidationException e) {
      // refused cleanly
    }
  }

  @FuzzTest(maxDuration = "5s")
  void welcome(byte[] input) {
    try {
      FuzzGroup.get().join(FuzzGroup.decode(input));
    } catch (DecodeException | ValidationException e) {
      // refused cleanly
    }
  }
}
