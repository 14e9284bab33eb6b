/** Immutable records of an expanded (kernel) FLASK policy database, as the binary format stores it. */
package org.cordon.xsm.flask.model;
