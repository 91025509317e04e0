package org.mlsmesh.simulations.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Parses generated HTML/SVG as XML: fails the test on anything that isn't well-formed. */
public final class Xhtml {
  private Xhtml() {}

  public static Document parse(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The number of elements of that local name anywhere in the document. */
  public static int count(Document doc, String localName) {
    return doc.getElementsByTagNameNS("*", localName).getLength();
  }
}
