package org.mlsmesh.control.internal;

import java.nio.file.Path;

/** The form that asks for the control token before the status page is shown. */
final class LoginPage {
  private LoginPage() {}

  static String render(Path tokenFile, boolean wrongToken) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>MLS Mesh node: token</title></head><body style=\"font:14px system-ui,"
        + "sans-serif;margin:24px\"><h1 style=\"font-size:20px\">MLS Mesh node</h1>"
        + (wrongToken ? "<p id=\"wrong-token\" style=\"color:#b3261e\">Wrong token.</p>" : "")
        + "<form method=\"post\" action=\"/login\"><label>Control token (in <code>"
        + Html.escape(tokenFile.toString())
        + "</code>): <input id=\"token\" name=\"token\" type=\"password\" size=\"70\""
        + " autocomplete=\"off\"></label> <button id=\"login\" type=\"submit\">Show status"
        + "</button></form></body></html>";
  }
}
