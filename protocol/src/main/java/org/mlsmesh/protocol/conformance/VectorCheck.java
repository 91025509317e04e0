package org.mlsmesh.protocol.conformance;

/** Checks every case of one kind of official MLS test vector against this implementation. */
public interface VectorCheck {
  /** The kind, as in the vector file's name: {@code tree-math}, {@code crypto-basics}, ... */
  String kind();

  /** Passes silently, or throws naming the first value that differed. */
  void check(VectorCase vector) throws VectorMismatch;
}
