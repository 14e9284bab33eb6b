package org.cordon.eclipse.services;

/**
 * The little Markdown Cordon's hover writes (bold, list items, paragraphs) as the HTML subset that
 * Eclipse's hover presenter shows.
 */
public final class Markdown {

    private Markdown() {
    }

    public static String toHtml(String markdown) {
        String html = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        html = html.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
        html = html.replaceAll("`([^`]+)`", "<code>$1</code>");
        StringBuilder out = new StringBuilder();
        for (String line : html.split("\n", -1)) {
            if (line.startsWith("- ")) {
                out.append("&bull; ").append(line.substring(2)).append("<br>");
            } else if (line.isBlank()) {
                out.append("<br>");
            } else {
                out.append(line).append("<br>");
            }
        }
        return out.toString().replaceAll("(<br>)+$", "");
    }
}
