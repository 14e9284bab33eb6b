/** policy.conf front end: ANTLR parser, AST, checkpolicy-compatible expansion, and the decompiler. */
package org.cordon.xsm.flask.conf;
