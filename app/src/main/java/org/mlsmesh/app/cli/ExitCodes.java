package org.mlsmesh.app.cli;

/** Exit codes of every {@code mlsmesh} subcommand. */
public final class ExitCodes {
  public static final int SUCCESS = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
