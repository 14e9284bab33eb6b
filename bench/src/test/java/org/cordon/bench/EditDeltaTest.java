package org.cordon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** EditDelta's comparison of a product's items, positions set aside. */
class EditDeltaTest {

    @Test
    void itemsAreComparedWithoutTheirPositionsAndRepeatsCount() {
        List<String> before = List.of("big.cordon:1:3 allow a b", "big.cordon:2:3 allow b c",
                "big.cordon:3:3 allow b c", "big.cordon:4:3 allow c d");
        // a rule added at line 2: the rules below it moved down a line; one of the two equal rules went
        List<String> after = List.of("big.cordon:1:3 allow a b", "big.cordon:2:3 allow a c",
                "big.cordon:3:3 allow b c", "big.cordon:5:3 allow c d");
        assertEquals(new EditDelta.Delta(4, 4, 1, 1, 1), EditDelta.delta(before, after));
        assertEquals(new EditDelta.Delta(4, 4, 0, 0, 0), EditDelta.delta(before, before));
    }
}
