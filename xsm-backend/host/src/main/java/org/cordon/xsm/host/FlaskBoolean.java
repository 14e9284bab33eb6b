package org.cordon.xsm.host;

/** A FLASK boolean on a host ({@code flask-get-bool}): its value and the pending value not yet committed. */
public record FlaskBoolean(String name, boolean value, boolean pending) {
}
