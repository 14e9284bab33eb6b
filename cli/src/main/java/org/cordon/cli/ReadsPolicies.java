package org.cordon.cli;

/**
 * A command that reads .cordon sources: {@link Cordon#main} sets the language up on a second thread from its first
 * line for it (docs/PERFORMANCE.md, start-up). The language server and the commands that read binaries or hosts do
 * not carry it: a start-up they never use is not worth warming.
 */
interface ReadsPolicies {
}
