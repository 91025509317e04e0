package org.mlsmesh.simulations.report;

/** Told how far a run has come, so that a terminal can draw a progress bar. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (virtualNowMillis, virtualEndMillis) -> {};

  /** Called from the simulation thread, at most every few thousand events. */
  void progress(long virtualNowMillis, long virtualEndMillis);
}
