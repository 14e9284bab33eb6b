package org.cordon.eclipse.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void boldListsAndEscapes() {
        assertEquals("<b>manage</b> (built-in) &lt;x&gt;<br><br>&bull; dom0 → guests",
                Markdown.toHtml("**manage** (built-in) <x>\n\n- dom0 → guests"));
    }
}
