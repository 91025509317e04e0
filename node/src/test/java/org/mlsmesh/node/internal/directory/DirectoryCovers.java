package org.mlsmesh.node.internal.directory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a negative test of the given directory rules; see {@link DirectoryCoversMetaTest}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface DirectoryCovers {
  DirectoryCode[] value();
}
