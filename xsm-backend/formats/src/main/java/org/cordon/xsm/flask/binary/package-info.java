/** Binary FLASK policy codec: libsepol-compatible layout, hash-table orders, reader with positioned errors. */
package org.cordon.xsm.flask.binary;
