package org.cordon.dsl.conversion;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Declared names written with Xtext's escape ({@code ^pio}, a name that would otherwise be a keyword) mean the name
 * without it; references keep their text, so one written with the escape is reported unresolved. Without this the
 * caret reached policy.conf as part of a type name and checkpolicy could not read it: exit 70 (found by fuzzing).
 */
public class CordonValueConverters extends DefaultTerminalConverters {

    /** ValidID is a parser rule (ID or a soft keyword): the lexer-based ID converter does not apply to it. */
    private static final IValueConverter<String> VALID_ID = new IValueConverter<>() {
        @Override
        public String toValue(String string, INode node) {
            return string != null && string.startsWith("^") ? string.substring(1) : string;
        }

        @Override
        public String toString(String value) {
            return value;
        }
    };

    @ValueConverter(rule = "ValidID")
    public IValueConverter<String> ValidID() {
        return VALID_ID;
    }
}
