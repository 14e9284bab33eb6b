package org.cordon.xsm.acm;

import java.util.List;
import java.util.stream.Collectors;

/** An ACM policy XML that cannot be read or breaks the schema or the tool rules. */
public class AcmXmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<AcmProblem> problems;

    public AcmXmlException(String source, List<AcmProblem> problems) {
        super(render(source, problems));
        this.problems = List.copyOf(problems);
    }

    public AcmXmlException(String source, AcmProblem problem) {
        this(source, List.of(problem));
    }

    public List<AcmProblem> problems() {
        return problems;
    }

    private static String render(String source, List<AcmProblem> problems) {
        String prefix = source == null ? "" : source + ":";
        return problems.stream().map(p -> prefix + p).collect(Collectors.joining("\n"));
    }
}
