package org.mlsmesh.simulations.report.svg;

/** Colours for series, told apart also by readers with the common colour-vision deficiencies. */
final class Palette {
  private static final String[] COLOURS = {
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933",
    "#882255", "#44aa99", "#332288", "#aa4499"
  };

  private Palette() {}

  static String colour(int index) {
    return COLOURS[Math.floorMod(index, COLOURS.length)];
  }
}
