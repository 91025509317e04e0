package org.mlsmesh.simulations.report.svg;

/** A point of a series, in data units (or in pixels once mapped). */
public record Point(double x, double y) {}
