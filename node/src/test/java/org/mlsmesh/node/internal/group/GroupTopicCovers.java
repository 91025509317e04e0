package org.mlsmesh.node.internal.group;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.mlsmesh.consensus.group.GroupTopicCode;

/** Marks a negative test of the given group-topic rules; see {@link GroupTopicCoversMetaTest}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface GroupTopicCovers {
  GroupTopicCode[] value();
}
