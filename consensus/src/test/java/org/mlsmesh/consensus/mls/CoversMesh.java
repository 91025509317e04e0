package org.mlsmesh.consensus.mls;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a negative test of the {@link MeshCode}s it covers; see {@code MeshCoversMetaTest}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface CoversMesh {
  MeshCode[] value();
}
