package org.mlsmesh.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.mlsmesh.protocol.group.ValidationCode;

/**
 * Marks a negative test that shows the rejection of input breaking the given rules. {@code
 * CoversMetaTest} fails when a {@link ValidationCode} has no such test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Covers {
  ValidationCode[] value();
}
