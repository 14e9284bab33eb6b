package org.cordon.dsl.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

/** Formats Cordon source with the language's formatter; refuses text that does not parse. */
public final class CordonFormatting {

    private CordonFormatting() {
    }

    /** The formatted text, or empty when the source has syntax errors (formatting would guess). */
    public static Optional<String> format(String name, String text) {
        var inj = CordonFrontEnd.injector();
        XtextResourceSet set = inj.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createURI("cordon:/format/" + name
                + (name.endsWith(".cordon") ? "" : ".cordon")));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (resource.getParseResult().hasSyntaxErrors()) {
            return Optional.empty();
        }
        ITextRegionAccess regions = inj.getInstance(TextRegionAccessBuilder.class).forNodeModel(resource).create();
        FormatterRequest request = inj.getInstance(FormatterRequest.class);
        request.setTextRegionAccess(regions);
        request.setPreferences(new org.eclipse.xtext.preferences.MapBasedPreferenceValues(Map.of(
                org.eclipse.xtext.formatting2.FormatterPreferenceKeys.indentation.getId(), "  ")));
        var replacements = inj.getInstance(IFormatter2.class).format(request);
        StringBuilder out = new StringBuilder(text);
        replacements.stream().sorted((a, b) -> Integer.compare(b.getOffset(), a.getOffset()))
                .forEach((ITextReplacement r) -> out.replace(r.getOffset(), r.getEndOffset(), r.getReplacementText()));
        return Optional.of(out.toString());
    }
}
