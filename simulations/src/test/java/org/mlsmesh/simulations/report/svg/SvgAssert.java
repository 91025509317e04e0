package org.mlsmesh.simulations.report.svg;

import org.mlsmesh.simulations.report.Xhtml;
import org.w3c.dom.Document;

/** Parses rendered charts: a chart that isn't well-formed XML fails the test. */
final class SvgAssert {
  private SvgAssert() {}

  static Document parse(String svg) throws Exception {
    Document doc = Xhtml.parse(svg);
    if (!doc.getDocumentElement().getLocalName().equals("svg")
        || !"http://www.w3.org/2000/svg".equals(doc.getDocumentElement().getNamespaceURI())) {
      throw new AssertionError("not an SVG root element: " + doc.getDocumentElement());
    }
    return doc;
  }

  static int count(Document doc, String name) {
    return Xhtml.count(doc, name);
  }
}
