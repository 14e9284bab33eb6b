package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cordon.verifier.flask.FlaskFacts;
import org.junit.jupiter.api.Test;

class WarmupTest {

    /** The warm-up swallows failures (a warm-up is never worth one), so its policy must be one the back end takes. */
    @Test
    void theOneRulePolicyGoesThroughTheBackEnd() throws Exception {
        FlaskFacts facts = Warmup.backEnd();
        assertEquals(List.of("t"), facts.types());
        assertEquals(1, facts.facts().size(), facts.facts().toString());
    }
}
