package org.cordon.compiler.acm;

import org.cordon.compiler.table.StatementReader;
import org.cordon.compiler.table.StatementTable;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.catalogue.XenCatalogues;

/** The statement table of a resolved model, as pass "validate" reads it, for the ACM lowering's tests. */
final class Tables {

    private Tables() {
    }

    static StatementTable of(PolicyModel model) {
        return StatementReader.read(model, XenCatalogues.forVersion(model.xenVersion()).orElseThrow());
    }
}
