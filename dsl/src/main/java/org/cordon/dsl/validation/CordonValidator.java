package org.cordon.dsl.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.cordon.Model;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.dsl.load.ModelLoader;
import org.cordon.dsl.load.PolicyFiles;
import org.cordon.model.Diagnostic;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;

/**
 * Where editors (Xtext's IDE services, the language server) get the policy's diagnostics: this finds the files of
 * this file's policy (a policy may span files; {@link PolicyFiles} says which), hands them, parsed and linked, to
 * {@link #diagnose} and reports what falls in this file. The language alone diagnoses nothing here — the IDE module
 * binds a subclass that runs the driver's passes, so that editors show what {@code cordon check} reports. NORMAL
 * checks: Xtext's fast validation (the driver's link pass) leaves them out.
 */
public class CordonValidator extends AbstractCordonValidator {

    /** Everything the pipeline reports on a policy's files after linking; none without the IDE module. */
    protected List<Diagnostic> diagnose(CordonFrontEnd.Parsed policy) {
        return List.of();
    }

    @Check(CheckType.NORMAL)
    public void checkPolicy(Model model) {
        Resource here = model.eResource();
        if (here == null || here.getResourceSet() == null) {
            return;
        }
        // the files of this file's policy: its folder's, unless the folder holds several policies
        Map<String, Resource> folder = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Resource r : List.copyOf(here.getResourceSet().getResources())) {
            if (r instanceof XtextResource x && x.getParseResult() != null
                    && r.getURI().trimSegments(1).equals(here.getURI().trimSegments(1))) {
                folder.put(r.getURI().toString(), r);
                texts.put(r.getURI().toString(), x.getParseResult().getRootNode().getText());
            }
        }
        List<ModelLoader.SourceFile> files = new ArrayList<>();
        List<XtextResource> resources = new ArrayList<>();
        for (String uri : PolicyFiles.policyOf(here.getURI().toString(), texts)) {
            Resource r = folder.getOrDefault(uri, here);
            if (!r.getContents().isEmpty() && r.getContents().get(0) instanceof Model m && r.getErrors().isEmpty()
                    && r instanceof XtextResource x) {
                files.add(new ModelLoader.SourceFile(r.getURI().toString(), m));
                resources.add(x);
            }
        }
        String file = here.getURI().toString();
        // a diagnostic placed outside the policy's files is shown at the start of its first file, once
        boolean first = !files.isEmpty() && files.get(0).file().equals(file);
        for (Diagnostic d : diagnose(new CordonFrontEnd.Parsed(files, resources))) {
            boolean inThisFile = d.pos().file().equals(file);
            boolean elsewhere = files.stream().noneMatch(f -> f.file().equals(d.pos().file()));
            if (!inThisFile && !(elsewhere && first)) {
                continue;
            }
            int offset = inThisFile ? d.pos().offset() : 0;
            int length = inThisFile ? d.pos().length() : 0;
            String[] related = related(d, texts);
            switch (d.severity()) {
                case ERROR -> getMessageAcceptor().acceptError(d.message(), model, offset, length, d.code().id(),
                        related);
                case WARNING -> getMessageAcceptor().acceptWarning(d.message(), model, offset, length,
                        d.code().id(), related);
                default -> getMessageAcceptor().acceptInfo(d.message(), model, offset, length, d.code().id(), related);
            }
        }
    }

    /** Fields of each related location in an issue's data (the language server makes them LSP related information). */
    public static final int RELATED_FIELDS = 6;

    /**
     * The places a diagnostic names besides its own (a counterexample's hops, the forbid a rule breaks), as
     * issue data: per place its URI, 0-based start line and character, end line and character, and message.
     */
    static String[] related(Diagnostic d, Map<String, String> texts) {
        List<String> data = new ArrayList<>();
        for (Diagnostic.Related r : d.related()) {
            String text = texts.get(r.pos().file());
            if (text == null) {
                continue;
            }
            int[] start = lineAndCharacter(text, r.pos().offset());
            int[] end = lineAndCharacter(text, r.pos().offset() + r.pos().length());
            data.addAll(List.of(r.pos().file(), String.valueOf(start[0]), String.valueOf(start[1]), String.valueOf(end[0]),
                    String.valueOf(end[1]), r.message()));
        }
        return data.toArray(String[]::new);
    }

    private static int[] lineAndCharacter(String text, int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] { line, Math.max(0, Math.min(offset, text.length()) - lineStart) };
    }
}
